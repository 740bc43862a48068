/*-
 * #%L
 * Facemap for Fiji.
 * %%
 * Copyright (C) 2026 Facemap for Fiji developers.
 * %%
 * This program is free software: you can redistribute it and/or modify
 * it under the terms of the GNU General Public License as published by
 * the Free Software Foundation, either version 3 of the License, or
 * (at your option) any later version.
 * #L%
 */
package sc.fiji.facemap.video;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_DEFAULT;
import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_NONREF;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_flush_buffers;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BACKWARD;
import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_FLAG_BYTE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_seek_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_ERROR;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_INFO;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_BGR24;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_get_pix_fmt_name;
import static org.bytedeco.ffmpeg.global.avutil.av_image_copy_to_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_image_get_buffer_size;
import static org.bytedeco.ffmpeg.global.avutil.av_log_get_level;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BICUBIC;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getCachedContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Locale;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;

import sc.fiji.facemap.FacemapException;

/**
 * A video file read through FFmpeg's libavformat/libavcodec (JavaCPP presets), with exact random access by frame
 * index.
 * <p>
 * <b>What frame i is.</b> On opening, one pass over the video packets (demuxing only, no decoding) records each
 * packet's timestamps, key flag and byte position. Frame {@code i} is the frame whose presentation timestamp has rank
 * {@code i} among all packets of the stream, i.e. the i-th frame that a decoder outputs when decoding the whole file
 * from the start; the timestamp values themselves (start offset, gaps, variable rate) never enter the index. When a
 * stream has no usable timestamps (missing or repeated), frames are counted in decode order from each key frame,
 * which is exact for streams without reordering across key frames.
 * <p>
 * <b>Seeking.</b> A read of frame {@code i} that is not reachable by decoding forward from the current position seeks
 * to the last key frame whose rank is at most {@code i} (the packet is identified by its byte position, so a demuxer
 * that lands earlier is corrected by skipping packets), flushes the decoder and decodes forward: at most one group of
 * pictures, never from the file start. (If the decoder cannot produce the frame from that key frame, as can happen
 * with open groups of pictures, it tries once more from the previous key frame before reporting the frame.) While
 * decoding towards a target, the decoder skips non-reference frames shown before it (they would be thrown away), which
 * halves the work of a seek in H.264 with B-frames. Reading {@code last + 1} (or any later frame of the same group) decodes forward
 * without seeking.
 * <p>
 * <b>Gray.</b> Each decoded frame is converted to BGR24 by libswscale with {@code SWS_BICUBIC} and no explicit
 * colour-space settings, exactly the call OpenCV's {@code VideoCapture} makes, and then to gray with OpenCV's integer
 * formula Y = (1868 B + 9617 G + 4899 R + 8192) &gt;&gt; 14 ({@code cv2.COLOR_BGR2GRAY}). This is done for every pixel
 * format, YUV ones included, because Facemap's frames are OpenCV's gray frames: the Y plane of a limited-range YUV
 * video is not what Facemap sees.
 * <p>
 * <b>Errors.</b> A missing, truncated or non-video file throws a {@link FacemapException} naming the file when the
 * source is opened. A frame that the decoder rejects, flags as corrupt, or never outputs throws a
 * {@link FacemapException} naming the file and the frame index; no other frame is ever returned in its place.
 * <p>
 * Decoder threads: FFmpeg's automatic choice (frame and slice threads, one per core) unless the system property
 * {@code facemap.video.threads} gives a number.
 */
public final class FfmpegVideoSource implements VideoSource {

	/** Pixel layouts a frame can be delivered in; only GRAY is public API, the others pin tests to FFmpeg's output. */
	enum Layout {
		/** OpenCV gray via BGR24, width*height bytes. */
		GRAY,
		/** BGR24 from swscale (SWS_BICUBIC), width*height*3 bytes. */
		BGR24,
		/** The decoder's own pixel format packed without padding (as FFmpeg's rawvideo/framemd5 writes it). */
		NATIVE
	}

	private static final int AV_FRAME_FLAG_CORRUPT = 1;
	private static final int FF_THREAD_FRAME = 1;
	private static final int FF_THREAD_SLICE = 2;

	static {
		// FFmpeg logs at INFO by default; keep decoder chatter quiet but show real errors.
		if (av_log_get_level() >= AV_LOG_INFO) av_log_set_level(AV_LOG_ERROR);
	}

	private final Path path;
	private final AVFormatContext fmt;
	private final AVCodecContext dec;
	private final int streamIndex;
	private final AVPacket pkt;
	private final AVFrame frame;
	private final AVFrame bgr;
	private SwsContext sws;
	private final int width;
	private final int height;
	private final double fps;
	private final String codec;
	private final String pixelFormat;

	// Packet index, in decode order.
	private final long[] pktPos;
	private final long[] pktDts;
	private final long[] pktPts;
	private final boolean[] pktKey;
	/** Presentation rank of each packet (frame index it decodes to). */
	private final int[] pktRank;
	/** Sorted presentation timestamps (rank -> pts), or null in counting mode. */
	private final long[] sortedPts;
	/** Key packets (decode indices) sorted by their rank, and their ranks. */
	private final int[] keyPackets;
	private final int[] keyRanks;

	// Decoder state.
	/** Decode index of the next packet to read from the demuxer; -1 = unknown (must seek). */
	private int nextPacket = -1;
	/** Rank of the frame now in {@link #frame}; -1 = none. */
	private int currentRank = -1;
	/** Counting mode: rank of the next output frame. */
	private int nextCountRank;
	private boolean draining;
	/** Let the decoder skip non-reference frames shown before the target (off: -Dfacemap.video.skipNonRef=false). */
	private boolean skipNonRef = !"false".equals(System.getProperty("facemap.video.skipNonRef"));
	/** Ranks whose packets the decoder rejected since the last seek. */
	private final BitSet rejected = new BitSet();
	private String lastRejectReason;

	private byte[] bgrRow;
	private long decodedFrames;
	private int seeks;

	/**
	 * Opens {@code file} and indexes its video packets.
	 *
	 * @throws FacemapException naming the file if it is missing, unreadable, has no video stream or is truncated
	 */
	public FfmpegVideoSource(Path file) {
		this.path = file;
		if (!Files.exists(file)) throw new FacemapException(file, "file not found");
		if (!Files.isRegularFile(file)) throw new FacemapException(file, "not a file");
		if (!Files.isReadable(file)) throw new FacemapException(file, "file cannot be read (permissions)");
		AVFormatContext f = new AVFormatContext(null);
		int r = avformat_open_input(f, file.toAbsolutePath().toString(), null, null);
		if (r < 0) throw new FacemapException(file, "not a readable video (" + err(r) + ")");
		this.fmt = f;
		AVCodecContext c = null;
		AVPacket p = null;
		AVFrame fr = null;
		AVFrame b = null;
		try {
			r = avformat_find_stream_info(fmt, (PointerPointer<?>) null);
			if (r < 0) throw new FacemapException(file, "cannot read stream information (" + err(r) + ")");
			int si = av_find_best_stream(fmt, AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
			if (si < 0) throw new FacemapException(file, "contains no video stream");
			this.streamIndex = si;
			AVStream st = fmt.streams(si);
			AVCodecParameters par = st.codecpar();
			this.codec = avcodec_get_name(par.codec_id()).getString();
			AVCodec codecImpl = avcodec_find_decoder(par.codec_id());
			if (codecImpl == null) throw new FacemapException(file, "no decoder for video codec '" + codec + "'");
			c = avcodec_alloc_context3(codecImpl);
			r = avcodec_parameters_to_context(c, par);
			if (r < 0) throw new FacemapException(file, "bad codec parameters (" + err(r) + ")");
			c.pkt_timebase(st.time_base());
			c.thread_count(Integer.getInteger("facemap.video.threads", 0));
			c.thread_type(FF_THREAD_FRAME | FF_THREAD_SLICE);
			r = avcodec_open2(c, codecImpl, (PointerPointer<?>) null);
			if (r < 0) throw new FacemapException(file, "cannot open the " + codec + " decoder (" + err(r) + ")");
			this.dec = c;
			this.width = par.width();
			this.height = par.height();
			if (width <= 0 || height <= 0) throw new FacemapException(file, "video stream has no frame size");
			BytePointer pf = av_get_pix_fmt_name(par.format());
			this.pixelFormat = pf == null ? "unknown" : pf.getString();
			AVRational rate = st.avg_frame_rate();
			if (rate.num() <= 0 || rate.den() <= 0) rate = st.r_frame_rate();
			this.fps = rate.num() > 0 && rate.den() > 0 ? rate.num() / (double) rate.den() : 0;
			p = av_packet_alloc();
			this.pkt = p;
			fr = av_frame_alloc();
			this.frame = fr;
			b = av_frame_alloc();
			this.bgr = b;

			// One pass over the packets, no decoding.
			long[] pos = new long[1024], dts = new long[1024], pts = new long[1024];
			boolean[] key = new boolean[1024];
			int n = 0;
			while (true) {
				r = av_read_frame(fmt, pkt);
				if (r == AVERROR_EOF) break;
				if (r < 0) throw new FacemapException(file, "file is truncated or damaged after " + n + " frames ("
					+ err(r) + ")");
				try {
					if (pkt.stream_index() != si || pkt.size() <= 0) continue;
					if (n == pos.length) {
						int m = n * 2;
						pos = Arrays.copyOf(pos, m);
						dts = Arrays.copyOf(dts, m);
						pts = Arrays.copyOf(pts, m);
						key = Arrays.copyOf(key, m);
					}
					pos[n] = pkt.pos();
					dts[n] = pkt.dts();
					pts[n] = pkt.pts();
					key[n] = (pkt.flags() & AV_PKT_FLAG_KEY) != 0;
					n++;
				}
				finally {
					av_packet_unref(pkt);
				}
			}
			if (n == 0) throw new FacemapException(file, "the video stream holds no frames");
			long declared = st.nb_frames();
			if (declared > 0 && n < declared) throw new FacemapException(file, "file is truncated: the container lists "
				+ declared + " frames but only " + n + " are present");
			this.pktPos = Arrays.copyOf(pos, n);
			this.pktDts = Arrays.copyOf(dts, n);
			this.pktPts = Arrays.copyOf(pts, n);
			this.pktKey = Arrays.copyOf(key, n);
			this.pktKey[0] = true; // decoding always starts at the first packet
			this.pktRank = new int[n];
			this.sortedPts = rankByPts(pktPts, pktRank);
			if (sortedPts == null) for (int i = 0; i < n; i++)
				pktRank[i] = i;
			int nk = 0;
			for (boolean k : pktKey)
				if (k) nk++;
			int[] kp = new int[nk];
			nk = 0;
			for (int i = 0; i < n; i++)
				if (pktKey[i]) kp[nk++] = i;
			// Sort key packets by rank (normally already so).
			Integer[] order = new Integer[nk];
			for (int i = 0; i < nk; i++)
				order[i] = kp[i];
			Arrays.sort(order, (x, y) -> Integer.compare(pktRank[x], pktRank[y]));
			this.keyPackets = new int[nk];
			this.keyRanks = new int[nk];
			for (int i = 0; i < nk; i++) {
				keyPackets[i] = order[i];
				keyRanks[i] = pktRank[order[i]];
			}
			// Rewind for the first read.
			nextPacket = -1;
		}
		catch (RuntimeException e) {
			if (b != null) av_frame_free(b);
			if (fr != null) av_frame_free(fr);
			if (p != null) av_packet_free(p);
			if (c != null) avcodec_free_context(c);
			avformat_close_input(f);
			throw e;
		}
	}

	/** Fills ranks from unique presentation timestamps; returns the sorted timestamps, or null if unusable. */
	private static long[] rankByPts(long[] pts, int[] rank) {
		int n = pts.length;
		long[] sorted = pts.clone();
		for (long t : sorted)
			if (t == AV_NOPTS_VALUE) return null;
		Arrays.sort(sorted);
		for (int i = 1; i < n; i++)
			if (sorted[i] == sorted[i - 1]) return null;
		for (int i = 0; i < n; i++)
			rank[i] = Arrays.binarySearch(sorted, pts[i]);
		return sorted;
	}

	@Override
	public Path path() {
		return path;
	}

	@Override
	public int frameCount() {
		return pktRank.length;
	}

	@Override
	public int width() {
		return width;
	}

	@Override
	public int height() {
		return height;
	}

	@Override
	public double fps() {
		return fps;
	}

	@Override
	public String codec() {
		return codec;
	}

	/** The decoder's pixel format name, e.g. "yuv420p". */
	public String pixelFormat() {
		return pixelFormat;
	}

	/** Frame indices of the key frames (seek points), ascending. */
	public int[] keyFrames() {
		return keyRanks.clone();
	}

	/** Frames output by the decoder since opening (package-visible for tests: proves a seek decodes one GOP). */
	long decodedFrames() {
		return decodedFrames;
	}

	/** Byte position in the file of the packet that holds frame {@code index} (-1 if unknown); for tests. */
	long packetPosition(int index) {
		for (int d = 0; d < pktRank.length; d++)
			if (pktRank[d] == index) return pktPos[d];
		throw new IndexOutOfBoundsException(index);
	}

	/** Turns skipping of non-reference frames before the target on or off (tests compare both). */
	void setSkipNonRef(boolean on) {
		skipNonRef = on;
	}

	/** Number of demuxer seeks since opening. */
	int seeks() {
		return seeks;
	}

	/** Bytes per frame in {@code layout}. */
	int frameBytes(Layout layout) {
		switch (layout) {
			case GRAY:
				return width * height;
			case BGR24:
				return width * height * 3;
			default:
				return av_image_get_buffer_size(dec.pix_fmt(), width, height, 1);
		}
	}

	@Override
	public void read(int index, byte[] dst) {
		read(index, dst, Layout.GRAY);
	}

	/** Reads frame {@code index} in the given layout. */
	synchronized void read(int index, byte[] dst, Layout layout) {
		if (fmt.isNull()) throw new IllegalStateException(path + ": source is closed");
		int n = frameCount();
		if (index < 0 || index >= n) throw new IndexOutOfBoundsException("frame " + index + " of " + n + " in "
			+ path);
		if (dst.length < frameBytes(layout)) throw new IllegalArgumentException("buffer too small for a frame");
		if (index != currentRank) {
			int k = keyIndexFor(index);
			// Decode forward (no seek) when no key frame lies between the current position and the target.
			boolean forward = nextPacket >= 0 && currentRank < index && keyRanks[k] <= currentRank + 1;
			if (forward) decodeUntil(index);
			else {
				seekToKey(k);
				try {
					decodeUntil(index);
				}
				catch (FacemapException e) {
					if (k == 0) throw e;
					// Open GOP: a decoder may drop or flag the frames right after a key frame that is not an IDR
					// picture when it starts there. Try once more from the previous key frame; a frame that is really
					// damaged fails again and is reported.
					seekToKey(k - 1);
					decodeUntil(index);
				}
			}
		}
		convert(index, dst, layout);
	}

	/** Index into keyRanks of the last key frame at or before frame {@code index}. */
	private int keyIndexFor(int index) {
		int k = Arrays.binarySearch(keyRanks, index);
		if (k < 0) k = -k - 2;
		return Math.max(k, 0);
	}

	private void seekToKey(int k) {
		int target = keyPackets[k];
		seeks++;
		avcodec_flush_buffers(dec);
		av_frame_unref(frame);
		draining = false;
		rejected.clear();
		currentRank = -1;
		nextCountRank = pktRank[target];
		if (target == 0 || !positionAt(target)) {
			// Fall back to the start only when the demuxer cannot land on the key frame.
			if (!positionFromStart(target)) throw new FacemapException(path, "cannot seek to frame " + keyRanks[k]);
		}
		nextPacket = target;
	}

	/** Seeks the demuxer so that the next video packet read is packet {@code target}; false if that failed. */
	private boolean positionAt(int target) {
		long ts = pktDts[target] != AV_NOPTS_VALUE ? pktDts[target] : pktPts[target];
		if (ts != AV_NOPTS_VALUE && av_seek_frame(fmt, streamIndex, ts, AVSEEK_FLAG_BACKWARD) >= 0 && skipTo(
			target)) return true;
		if (pktPos[target] >= 0 && av_seek_frame(fmt, streamIndex, pktPos[target], AVSEEK_FLAG_BYTE) >= 0 && skipTo(
			target)) return true;
		return false;
	}

	private boolean positionFromStart(int target) {
		long ts = pktDts[0] != AV_NOPTS_VALUE ? pktDts[0] : pktPts[0];
		boolean ok = ts != AV_NOPTS_VALUE && av_seek_frame(fmt, streamIndex, ts, AVSEEK_FLAG_BACKWARD) >= 0;
		if (!ok) ok = av_seek_frame(fmt, -1, Long.MIN_VALUE, AVSEEK_FLAG_BACKWARD) >= 0;
		if (!ok) ok = av_seek_frame(fmt, streamIndex, 0, AVSEEK_FLAG_BYTE) >= 0;
		return ok && skipTo(target);
	}

	/**
	 * Reads (without decoding) video packets until packet {@code target}; the demuxer must have been positioned at or
	 * before it. The target packet stays in {@link #pkt} with {@link #pending} set, to be sent to the decoder first.
	 * False if the demuxer landed after the target.
	 */
	private boolean skipTo(int target) {
		pending = false;
		while (true) {
			int r = av_read_frame(fmt, pkt);
			if (r < 0) return false;
			if (pkt.stream_index() != streamIndex || pkt.size() <= 0) {
				av_packet_unref(pkt);
				continue;
			}
			int cmp = comparePacket(target);
			if (cmp == 0) {
				pending = true;
				return true;
			}
			av_packet_unref(pkt);
			if (cmp > 0) return false; // landed after the target
		}
	}

	/** Whether {@link #pkt} holds a packet that was read but not yet sent to the decoder. */
	private boolean pending;

	/** Compares the packet in {@link #pkt} with index entry {@code i}: negative before, 0 same, positive after. */
	private int comparePacket(int i) {
		long pos = pkt.pos();
		if (pos >= 0 && pktPos[i] >= 0) return Long.compare(pos, pktPos[i]);
		long d = pkt.dts();
		if (d != AV_NOPTS_VALUE && pktDts[i] != AV_NOPTS_VALUE) {
			int c = Long.compare(d, pktDts[i]);
			if (c != 0 || pkt.pts() == pktPts[i]) return c;
		}
		return pkt.pts() == pktPts[i] ? 0 : -1;
	}

	/** Decodes forward until frame {@code index} is in {@link #frame}. */
	private void decodeUntil(int index) {
		while (true) {
			int r = avcodec_receive_frame(dec, frame);
			if (r >= 0) {
				decodedFrames++;
				int rank = rankOf(frame);
				if (rank < 0) {
					av_frame_unref(frame);
					continue;
				}
				if (rank == index) {
					currentRank = rank;
					if ((frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
						invalidate();
						throw new FacemapException(path, "frame " + index + " is damaged (the decoder flagged it as "
							+ "corrupt)");
					}
					return;
				}
				if (rank > index) {
					invalidate();
					throw new FacemapException(path, "frame " + index + " could not be decoded" + (rejected.get(index)
						&& lastRejectReason != null ? " (" + lastRejectReason + ")" : ""));
				}
				av_frame_unref(frame);
				continue;
			}
			if (r == AVERROR_EOF) {
				invalidate();
				throw new FacemapException(path, "frame " + index + " could not be decoded (the stream ended before "
					+ "it)");
			}
			if (r != AVERROR_EAGAIN()) {
				invalidate();
				throw new FacemapException(path, "decoding failed before frame " + index + " (" + err(r) + ")");
			}
			// The decoder wants input.
			if (draining) {
				invalidate();
				throw new FacemapException(path, "frame " + index + " could not be decoded (decoder stalled)");
			}
			feedPacket(index);
		}
	}

	/** Sends the next video packet (or the end-of-stream signal) to the decoder. */
	private void feedPacket(int index) {
		if (!pending) {
			while (true) {
				int r = av_read_frame(fmt, pkt);
				if (r == AVERROR_EOF) {
					avcodec_send_packet(dec, null);
					draining = true;
					return;
				}
				if (r < 0) {
					invalidate();
					throw new FacemapException(path, "read error before frame " + index + " (" + err(r) + ")");
				}
				if (pkt.stream_index() == streamIndex && pkt.size() > 0) break;
				av_packet_unref(pkt);
			}
		}
		pending = false;
		int d = nextPacket;
		nextPacket++;
		// Frames shown before the target are never returned by this read, so the decoder may skip those that no
		// other frame refers to (the B-frames of H.264, MPEG-4, ...): a seek then decodes only what the target needs.
		int rank = d >= 0 && d < pktRank.length ? pktRank[d] : Integer.MAX_VALUE;
		int skip = skipNonRef && rank < index ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
		if (skip != dec.skip_frame()) dec.skip_frame(skip);
		int r = avcodec_send_packet(dec, pkt);
		av_packet_unref(pkt);
		if (r < 0 && r != AVERROR_EAGAIN()) {
			// The decoder rejected this packet: remember which frame it was; it will never be output.
			if (rank == Integer.MAX_VALUE) rank = -1;
			if (rank >= 0) rejected.set(rank);
			lastRejectReason = err(r);
			if (sortedPts == null && rank >= 0) {
				// Counting mode cannot recover the numbering: report now.
				invalidate();
				throw new FacemapException(path, "frame " + rank + " could not be decoded (" + err(r) + ")");
			}
		}
	}

	/** Frame index of a decoded frame; -1 to drop it (leading frames that cannot be placed). */
	private int rankOf(AVFrame f) {
		if (sortedPts != null) {
			long t = f.pts();
			if (t == AV_NOPTS_VALUE) t = f.best_effort_timestamp();
			int rank = t == AV_NOPTS_VALUE ? -1 : Arrays.binarySearch(sortedPts, t);
			if (rank >= 0) {
				nextCountRank = rank + 1;
				return rank;
			}
			// A frame whose timestamp is not in the index: place it after the previous one.
			return nextCountRank < frameCount() ? nextCountRank++ : -1;
		}
		return nextCountRank++;
	}

	private void invalidate() {
		nextPacket = -1;
		currentRank = -1;
		pending = false;
		av_frame_unref(frame);
	}

	private void convert(int index, byte[] dst, Layout layout) {
		if (frame.width() != width || frame.height() != height) {
			throw new FacemapException(path, "frame " + index + " has size " + frame.width() + "x" + frame.height()
				+ ", the video " + width + "x" + height + " (size changes are not supported)");
		}
		if (layout == Layout.NATIVE) {
			int size = av_image_get_buffer_size(frame.format(), width, height, 1);
			BytePointer buf = new BytePointer(size);
			try {
				av_image_copy_to_buffer(buf, size, frame.data(), frame.linesize(), frame.format(), width, height, 1);
				buf.get(dst, 0, size);
			}
			finally {
				buf.deallocate();
			}
			return;
		}
		toBgr();
		BytePointer data = bgr.data(0);
		int ls = bgr.linesize(0);
		int rowBytes = width * 3;
		if (layout == Layout.BGR24) {
			for (int y = 0; y < height; y++)
				data.position((long) y * ls).get(dst, y * rowBytes, rowBytes);
			data.position(0);
			return;
		}
		int total = ls * (height - 1) + rowBytes;
		if (bgrRow == null || bgrRow.length < total) bgrRow = new byte[total];
		data.get(bgrRow, 0, total);
		bgrToGray(bgrRow, ls, dst, width, height);
	}

	/** OpenCV's COLOR_BGR2GRAY for 8-bit: Y = (1868 B + 9617 G + 4899 R + 8192) >> 14, rows {@code stride} apart. */
	static void bgrToGray(byte[] bgr, int stride, byte[] dst, int width, int height) {
		for (int y = 0; y < height; y++) {
			int s = y * stride;
			int o = y * width;
			int end = o + width;
			for (; o < end; o++, s += 3)
				dst[o] = (byte) ((1868 * (bgr[s] & 0xff) + 9617 * (bgr[s + 1] & 0xff) + 4899 * (bgr[s + 2] & 0xff)
					+ 8192) >> 14);
		}
	}

	/** Converts {@link #frame} into {@link #bgr} the way OpenCV's VideoCapture does. */
	private void toBgr() {
		if (bgr.width() != width || bgr.height() != height) {
			av_frame_unref(bgr);
			bgr.format(AV_PIX_FMT_BGR24);
			bgr.width(width);
			bgr.height(height);
			// OpenCV allocates its BGR picture with av_frame_get_buffer(.., 32): same alignment, same swscale path.
			int r = av_frame_get_buffer(bgr, 32);
			if (r < 0) throw new FacemapException(path, "out of memory for a " + width + "x" + height + " frame");
		}
		sws = sws_getCachedContext(sws, width, height, frame.format(), width, height, AV_PIX_FMT_BGR24, SWS_BICUBIC,
			null, null, (DoublePointer) null);
		if (sws == null) throw new FacemapException(path, "cannot convert pixel format " + pixelFormat + " to BGR");
		sws_scale(sws, frame.data(), frame.linesize(), 0, height, bgr.data(), bgr.linesize());
	}

	/** Stream facts for {@code facemap info}. */
	public VideoInfo info() {
		return VideoInfo.of(this);
	}

	@Override
	public synchronized void close() {
		if (fmt.isNull()) return;
		if (sws != null) sws_freeContext(sws);
		sws = null;
		av_frame_free(bgr);
		av_frame_free(frame);
		av_packet_free(pkt);
		avcodec_free_context(dec);
		avformat_close_input(fmt);
	}

	private static String err(int code) {
		byte[] buf = new byte[256];
		av_strerror(code, buf, buf.length);
		int len = 0;
		while (len < buf.length && buf[len] != 0)
			len++;
		return new String(buf, 0, len, java.nio.charset.StandardCharsets.UTF_8).toLowerCase(Locale.ROOT);
	}
}
