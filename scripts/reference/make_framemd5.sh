#!/usr/bin/env bash
# Regenerates the video fixtures under src/test/resources/video/ with FFmpeg's own `ffmpeg` program:
#   sample_video.native.framemd5  per-frame MD5 of the demo video as decoded (yuv420p, no conversion)
#   sample_video.bgr24.framemd5   per-frame MD5 after swscale to bgr24 with SWS_BICUBIC (what OpenCV asks for)
#   formats/clip.*                 16-frame 128x80 clips of the demo video in other containers/codecs, each with
#                                  clip.*.framemd5 (native pixel format) for the format tests
# The ffmpeg used is the one inside JavaCV's FFmpeg artifact (the same FFmpeg 7.1.1 libraries the reader links),
# unless FFMPEG=/path/to/ffmpeg is set. See src/test/resources/video/README.md.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
video="${VIDEO:-$here/test-images/sample_video.mp4}"
out="$here/src/test/resources/video"
mkdir -p "$out/formats"

trap 'rc=$?; rm -rf "${FFMPEG_TMP:-}"; exit $rc' EXIT
. "$here/scripts/lib/javacv_ffmpeg.sh"
ffmpeg_bin="$FFMPEG_BIN"
ff() { "$ffmpeg_bin" -hide_banner -nostdin -y -v error -threads 1 "$@"; }
"$ffmpeg_bin" -hide_banner -version | head -1

# Demo video: decoder output, and the BGR24 conversion that OpenCV performs.
ff -i "$video" -map 0:v:0 -f framemd5 "$out/sample_video.native.framemd5"
ff -i "$video" -map 0:v:0 -sws_flags bicubic -pix_fmt bgr24 -f framemd5 "$out/sample_video.bgr24.framemd5"

# Small clips of the first 16 frames (scaled to 128x80) in the other containers the reader supports.
src=(-i "$video" -map 0:v:0 -frames:v 16 -vf scale=128:80 -sws_flags bicubic -an -fflags +bitexact
	-flags:v +bitexact -map_metadata -1)
f="$out/formats"
rm -f "$f"/clip*
ff "${src[@]}" -c:v mjpeg -q:v 3 -pix_fmt yuvj420p "$f/clip_mjpeg.avi"
ff "${src[@]}" -c:v mpeg4 -q:v 4 -bf 2 -g 6 -pix_fmt yuv420p -movflags +faststart "$f/clip_mpeg4_bframes.mp4"
ff "${src[@]}" -c:v ffv1 -pix_fmt gray "$f/clip_ffv1_gray.mkv"
# Open GOPs: the B-frames that follow an I-frame in decode order but precede it in display order use the previous GOP.
ff "${src[@]}" -c:v mpeg2video -q:v 4 -bf 2 -g 6 -flags -cgop -pix_fmt yuv420p "$f/clip_mpeg2_opengop.mkv"
ff "${src[@]}" -c:v png -pix_fmt rgb24 "$f/clip_png_rgb.mov"
# FFmpeg has no mj2 muxer: a QuickTime file with the mjp2 brand and JPEG 2000 frames, read by the mov demuxer.
ff "${src[@]}" -c:v jpeg2000 -pix_fmt yuv420p -f mov -brand mjp2 "$f/clip_jpeg2000.mj2"
for c in "$f"/clip_*.*; do
	case "$c" in *.framemd5) continue ;; esac
	ff -i "$c" -map 0:v:0 -f framemd5 "$c.framemd5"
	ff -i "$c" -map 0:v:0 -sws_flags bicubic -pix_fmt bgr24 -f framemd5 "$c.bgr24.framemd5"
done
ls -la "$out" "$f"
