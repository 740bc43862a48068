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
package sc.fiji.facemap.io;

import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import sc.fiji.facemap.FacemapException;

/**
 * PyTorch state-dict files ({@code .pt}, {@code .pth}) in pure Java. Reads what {@code torch.save} writes: the zip
 * format (since PyTorch 1.6: {@code <archive>/data.pkl}, one {@code <archive>/data/<key>} file per storage,
 * {@code byteorder}, {@code version}) and the older plain-pickle format. Writes the zip format so that
 * {@code torch.load} followed by {@code load_state_dict} accepts the file in Python. Tensors keep their dtype
 * (float32, float64, int64, ...); strided views and storage offsets are resolved into contiguous tensors.
 */
public final class TorchStateDict {

	/** What a valid file is, said in every error about a wrong or damaged one. */
	public static final String EXPECTED = "expected a PyTorch state-dict file (.pt) written by torch.save "
		+ "(a zip archive with data.pkl and data/ storages)";

	private static final Map<String, String> STORAGE_DTYPES = new HashMap<>();
	private static final Map<String, String> DTYPE_STORAGES = new LinkedHashMap<>();
	static {
		String[][] pairs = { { "FloatStorage", "float32" }, { "DoubleStorage", "float64" }, { "HalfStorage", "float16" },
			{ "BFloat16Storage", "bfloat16" }, { "LongStorage", "int64" }, { "IntStorage", "int32" },
			{ "ShortStorage", "int16" }, { "CharStorage", "int8" }, { "ByteStorage", "uint8" }, { "BoolStorage", "bool" } };
		for (String[] p : pairs) {
			STORAGE_DTYPES.put(p[0], p[1]);
			DTYPE_STORAGES.put(p[1], p[0]);
		}
	}

	private TorchStateDict() {}

	// ------------------------------------------------------------------ reading

	/**
	 * Reads a state dict: parameter and buffer names to tensors, in the file's order. A file holding a dict with
	 * the state dict under "state_dict" or "model_state_dict" is accepted too.
	 */
	public static LinkedHashMap<String, Tensor> read(Path file) {
		Object o = load(file);
		LinkedHashMap<String, Tensor> sd = asStateDict(o);
		if (sd == null && o instanceof Map) {
			for (String k : new String[] { "state_dict", "model_state_dict", "model" }) {
				sd = asStateDict(((Map<?, ?>) o).get(k));
				if (sd != null) break;
			}
		}
		if (sd == null)
			throw new FacemapException(file, EXPECTED + "; this torch file holds " + describe(o) + " instead of a dict of tensors");
		return sd;
	}

	private static LinkedHashMap<String, Tensor> asStateDict(Object o) {
		if (!(o instanceof Map) || ((Map<?, ?>) o).isEmpty()) return null;
		LinkedHashMap<String, Tensor> sd = new LinkedHashMap<>();
		for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet()) {
			if (!(e.getKey() instanceof String) || !(e.getValue() instanceof Tensor)) return null;
			sd.put((String) e.getKey(), (Tensor) e.getValue());
		}
		return sd;
	}

	private static String describe(Object o) {
		if (o instanceof Map) {
			Map<?, ?> m = (Map<?, ?>) o;
			if (m.isEmpty()) return "an empty dict";
			List<String> keys = new ArrayList<>();
			for (Object k : m.keySet()) {
				if (keys.size() == 5) {
					keys.add("...");
					break;
				}
				keys.add(String.valueOf(k));
			}
			return "a dict with keys " + keys;
		}
		return "a " + PickleReader.typeName(o);
	}

	/**
	 * Reads any object saved with {@code torch.save} (dicts, lists, numbers, strings and tensors), e.g. Facemap's
	 * {@code facemap_model_params.pth}.
	 */
	public static Object load(Path file) {
		byte[] head = FileBytes.head(file, 8);
		int n = head.length;
		if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4) return loadZip(file);
		if (n >= 2 && (head[0] & 0xff) == 0x80 && head[1] >= 2 && head[1] <= 5) return loadLegacy(file);
		throw new FacemapException(file, EXPECTED + "; " + sniff(head, n));
	}

	/** A short guess at what a file is, for error messages. */
	static String sniff(byte[] head, int n) {
		if (n == 0) return "the file is empty";
		if (n >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'H' && head[2] == 'D' && head[3] == 'F')
			return "this is an HDF5 file (for example a _FacemapPose.h5 keypoints file), not a model";
		if (n >= 6 && (head[0] & 0xff) == 0x93 && head[1] == 'N' && head[2] == 'U' && head[3] == 'M') return "this is a numpy .npy file";
		if (n >= 2 && head[0] == 'P' && head[1] == 'K') return "this is a zip archive of an unexpected kind";
		boolean text = true;
		for (int i = 0; i < n; i++) {
			int c = head[i] & 0xff;
			if (c < 9 || (c > 13 && c < 32 && c != 27) || c == 127) text = false;
		}
		if (text) return "this looks like a text file";
		return "the file content is not recognised";
	}

	private static final class Storage {
		final String dtype;
		ByteBuffer data;

		Storage(String dtype, ByteBuffer data) {
			this.dtype = dtype;
			this.data = data;
		}
	}

	/** A tensor whose storage is read after the pickle (legacy format). */
	private static final class Deferred {
		final Storage storage;
		final long offset;
		final long[] shape, stride;

		Deferred(Storage storage, long offset, long[] shape, long[] stride) {
			this.storage = storage;
			this.offset = offset;
			this.shape = shape;
			this.stride = stride;
		}

		Tensor resolve() {
			return NdArrays.decode(storage.dtype, ByteOrder.LITTLE_ENDIAN, shape, stride, offset, storage.data);
		}
	}

	private static Object loadZip(Path file) {
		try (ZipFile zip = new ZipFile(file.toFile())) {
			String prefix = null;
			boolean torchScript = false;
			for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements();) {
				String name = en.nextElement().getName();
				int slash = name.indexOf('/');
				if (slash > 0 && name.substring(slash + 1).equals("data.pkl") && prefix == null) prefix = name.substring(0, slash + 1);
				if (name.endsWith("/constants.pkl") || name.contains("/code/")) torchScript = true;
			}
			if (prefix == null) {
				if (zip.getEntry("data.pkl") != null) prefix = "";
				else throw new FacemapException(file, EXPECTED + "; this zip archive has no data.pkl");
			}
			if (torchScript)
				throw new FacemapException(file, EXPECTED + "; this is a TorchScript model (torch.jit.save), not a state dict");
			ByteOrder order = ByteOrder.LITTLE_ENDIAN;
			ZipEntry bo = zip.getEntry(prefix + "byteorder");
			if (bo != null && new String(readEntry(zip, bo), StandardCharsets.US_ASCII).trim().equals("big")) order = ByteOrder.BIG_ENDIAN;
			final ByteOrder byteOrder = order;
			final String pre = prefix;
			Map<String, Storage> storages = new HashMap<>();
			PickleReader reader = newTorchReader(pid -> {
				PyTuple t = persistentTuple(pid);
				String key = String.valueOf(t.get(2));
				String dtype = storageDtype(t.get(1));
				long numel = ((Number) t.get(4)).longValue();
				return storages.computeIfAbsent(key, k -> {
					ZipEntry e = zip.getEntry(pre + "data/" + k);
					if (e == null) throw new FacemapException("storage data/" + k + " is missing from the archive");
					byte[] b = readEntry(zip, e);
					long need = numel * NdArrays.itemSize(dtype);
					if (b.length < need)
						throw new FacemapException("storage data/" + k + " is truncated: expected " + need + " bytes, found " + b.length);
					return new Storage(dtype, ByteBuffer.wrap(b).order(byteOrder));
				});
			}, byteOrder);
			ZipEntry pkl = zip.getEntry(prefix + "data.pkl");
			return reader.load(readEntry(zip, pkl));
		}
		catch (ZipException e) {
			throw new FacemapException(file, EXPECTED + "; the zip archive is damaged (" + e.getMessage() + ")", e);
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
		catch (FacemapException e) {
			if (e.getMessage().startsWith(file.toString())) throw e;
			throw new FacemapException(file, EXPECTED + "; " + e.getMessage(), e);
		}
	}

	private static byte[] readEntry(ZipFile zip, ZipEntry e) {
		try (InputStream in = zip.getInputStream(e)) {
			return in.readAllBytes();
		}
		catch (IOException ex) {
			throw new FacemapException("entry " + e.getName() + " cannot be read (" + ex.getMessage() + "): the archive is damaged");
		}
	}

	private static PyTuple persistentTuple(Object pid) {
		if (!(pid instanceof PyTuple) || ((PyTuple) pid).size() < 5 || !"storage".equals(((PyTuple) pid).get(0)))
			throw new FacemapException("unexpected persistent id " + pid + " (only tensor storages are supported)");
		return (PyTuple) pid;
	}

	private static String storageDtype(Object type) {
		String name = type instanceof PyGlobal ? ((PyGlobal) type).name() : String.valueOf(type);
		String dtype = STORAGE_DTYPES.get(name);
		if (dtype == null) throw new FacemapException("unsupported tensor storage type " + type);
		return dtype;
	}

	private static long[] longs(Object o) {
		List<?> l = (List<?>) o;
		long[] a = new long[l.size()];
		for (int i = 0; i < a.length; i++) a[i] = ((Number) l.get(i)).longValue();
		return a;
	}

	private static PickleReader newTorchReader(java.util.function.Function<Object, Object> storages, ByteOrder order) {
		PickleReader r = new PickleReader().persistentLoad(storages);
		PickleReader.Reducer rebuild = args -> {
			Storage s = (Storage) args.get(0);
			long offset = ((Number) args.get(1)).longValue();
			long[] shape = longs(args.get(2));
			long[] stride = longs(args.get(3));
			if (s.data == null) return new Deferred(s, offset, shape, stride);
			return NdArrays.decode(s.dtype, order, shape, stride, offset, s.data);
		};
		r.register("torch._utils", "_rebuild_tensor_v2", rebuild);
		r.register("torch._utils", "_rebuild_tensor", rebuild);
		r.register("torch._utils", "_rebuild_parameter", args -> args.get(0));
		r.register("torch._utils", "_rebuild_parameter_with_state", args -> args.get(0));
		r.register("torch.nn.parameter", "Parameter", args -> args.get(0));
		r.register("torch._tensor", "_rebuild_from_type_v2", args -> {
			// (func, new_type, args, state): a tensor subclass; rebuild the plain tensor
			PyGlobal f = (PyGlobal) args.get(0);
			if (!f.qualifiedName().startsWith("torch._utils._rebuild_tensor")) throw new FacemapException("unsupported tensor type " + args.get(1));
			return rebuild.reduce((PyTuple) args.get(2));
		});
		r.register("torch", "device", args -> String.valueOf(args.get(0)));
		return r;
	}

	/** The pre-1.6 format: magic, protocol, sys info, the object, the storage keys, then each storage's bytes. */
	private static Object loadLegacy(Path file) {
		try {
			byte[] data = Files.readAllBytes(file);
			PickleReader plain = new PickleReader();
			Object magic = plain.load(data, 0);
			if (!(magic instanceof java.math.BigInteger)
				|| !((java.math.BigInteger) magic).equals(new java.math.BigInteger("1950a86a20f9469cfc6c", 16)))
				throw new FacemapException("a plain pickle, not a torch.save file");
			int at = plain.position();
			plain.load(data, at); // protocol version
			at = plain.position();
			plain.load(data, at); // sys info
			at = plain.position();
			Map<String, Storage> storages = new LinkedHashMap<>();
			PickleReader r = newTorchReader(pid -> {
				PyTuple t = persistentTuple(pid);
				String key = String.valueOf(t.get(2));
				if (t.size() > 5 && t.get(5) != null) throw new FacemapException("legacy storage views are not supported");
				return storages.computeIfAbsent(key, k -> new Storage(storageDtype(t.get(1)), null));
			}, ByteOrder.LITTLE_ENDIAN);
			Object result = r.load(data, at);
			at = r.position();
			List<?> keys = (List<?>) plain.load(data, at);
			at = plain.position();
			ByteBuffer bb = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
			for (Object k : keys) {
				Storage s = storages.get(String.valueOf(k));
				if (at + 8 > data.length) throw new FacemapException("storage " + k + " is truncated");
				long numel = bb.getLong(at);
				at += 8;
				int item = s == null ? 1 : NdArrays.itemSize(s.dtype);
				long len = numel * item;
				if (numel < 0 || at + len > data.length) throw new FacemapException("storage " + k + " is truncated");
				if (s != null) s.data = ByteBuffer.wrap(data, at, (int) len).slice().order(ByteOrder.LITTLE_ENDIAN);
				at += (int) len;
			}
			return resolveDeferred(result);
		}
		catch (IOException e) {
			throw new FacemapException(file, "cannot read (" + e.getMessage() + ")", e);
		}
		catch (FacemapException e) {
			throw new FacemapException(file, EXPECTED + "; " + e.getMessage(), e);
		}
	}

	@SuppressWarnings("unchecked")
	private static Object resolveDeferred(Object o) {
		if (o instanceof Deferred) {
			if (((Deferred) o).storage.data == null) throw new FacemapException("a tensor's storage is missing from the file");
			return ((Deferred) o).resolve();
		}
		if (o instanceof Map) {
			for (Map.Entry<Object, Object> e : ((Map<Object, Object>) o).entrySet()) e.setValue(resolveDeferred(e.getValue()));
			return o;
		}
		if (o instanceof PyTuple) {
			List<Object> l = new ArrayList<>((PyTuple) o);
			l.replaceAll(TorchStateDict::resolveDeferred);
			return PyTuple.copyOf(l);
		}
		if (o instanceof List) {
			((List<Object>) o).replaceAll(TorchStateDict::resolveDeferred);
			return o;
		}
		return o;
	}

	// ------------------------------------------------------------------ writing

	/**
	 * Writes a state dict the way {@code torch.save(model.state_dict(), file)} does (zip format, pickle protocol 2,
	 * an OrderedDict of tensors each with its own little-endian storage, 64-byte aligned). Atomic.
	 */
	public static void write(Path file, Map<String, Tensor> stateDict) {
		AtomicFiles.writeStream(file, out -> write(out, stateDict));
	}

	/** Writes the zip to a stream (not closed). */
	public static void write(OutputStream out, Map<String, Tensor> stateDict) throws IOException {
		writeObject(out, new LinkedHashMap<Object, Object>(stateDict));
	}

	/**
	 * Writes any object of dicts, lists, tuples, numbers, strings and tensors the way {@code torch.save} does;
	 * Maps are written as OrderedDicts (what {@code state_dict()} returns).
	 */
	public static void writeObject(OutputStream out, Object obj) throws IOException {
		List<byte[]> storages = new ArrayList<>();
		byte[] pickle = new PickleWriter(2).toBytes(toTorch(obj, storages, ""));
		CountingStream counting = new CountingStream(out);
		ZipOutputStream zip = new ZipOutputStream(counting);
		String prefix = "archive/";
		putStored(zip, counting, prefix + "data.pkl", pickle);
		putStored(zip, counting, prefix + "byteorder", "little".getBytes(StandardCharsets.US_ASCII));
		for (int i = 0; i < storages.size(); i++) putStored(zip, counting, prefix + "data/" + i, storages.get(i));
		putStored(zip, counting, prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
		zip.finish();
		zip.flush();
	}

	private static final PyGlobal ORDERED_DICT = new PyGlobal("collections", "OrderedDict");

	private static Object toTorch(Object o, List<byte[]> storages, String where) {
		if (o instanceof Tensor) {
			Tensor t = (Tensor) o;
			String storage = DTYPE_STORAGES.get(t.dtype());
			if (storage == null || t.dtype().equals("float16") || t.dtype().equals("bfloat16"))
				throw new FacemapException("cannot save tensor " + where + " of dtype " + t.dtype());
			String key = Integer.toString(storages.size());
			storages.add(NdArrays.encode(t));
			PyPersistentId pid = new PyPersistentId(PyTuple.of("storage", new PyGlobal("torch", storage), key, "cpu", t.size()));
			long[] shape = t.shape();
			PyTuple args = PyTuple.of(pid, 0L, tupleOf(shape), tupleOf(NdArrays.cStrides(shape)), Boolean.FALSE,
				new PyObject(ORDERED_DICT, PyTuple.EMPTY));
			return new PyObject(new PyGlobal("torch._utils", "_rebuild_tensor_v2"), args);
		}
		if (o instanceof Map) {
			Map<Object, Object> items = new LinkedHashMap<>();
			for (Map.Entry<?, ?> e : ((Map<?, ?>) o).entrySet())
				items.put(e.getKey(), toTorch(e.getValue(), storages, String.valueOf(e.getKey())));
			return new PyObject(ORDERED_DICT, PyTuple.EMPTY, null, null, items);
		}
		if (o instanceof PyTuple) {
			List<Object> l = new ArrayList<>();
			for (Object x : (PyTuple) o) l.add(toTorch(x, storages, where));
			return PyTuple.copyOf(l);
		}
		if (o instanceof List) {
			List<Object> l = new ArrayList<>();
			for (Object x : (List<?>) o) l.add(toTorch(x, storages, where));
			return l;
		}
		return o;
	}

	private static PyTuple tupleOf(long[] a) {
		Object[] o = new Object[a.length];
		for (int i = 0; i < a.length; i++) o[i] = a[i];
		return PyTuple.of(o);
	}

	/** An uncompressed entry whose data starts at a multiple of 64 bytes, as PyTorch writes them. */
	private static void putStored(ZipOutputStream zip, CountingStream counting, String name, byte[] data) throws IOException {
		ZipEntry e = new ZipEntry(name);
		e.setMethod(ZipEntry.STORED);
		e.setSize(data.length);
		e.setCompressedSize(data.length);
		CRC32 crc = new CRC32();
		crc.update(data);
		e.setCrc(crc.getValue());
		e.setTime(315532800000L + 12L * 3600 * 1000); // fixed time: the same input gives the same bytes
		int nameLen = name.getBytes(StandardCharsets.UTF_8).length;
		long headerEnd = counting.count + 30 + nameLen + 4;
		int pad = (int) ((64 - headerEnd % 64) % 64);
		byte[] extra = new byte[4 + pad];
		extra[0] = 'F';
		extra[1] = 'B';
		extra[2] = (byte) pad;
		extra[3] = (byte) (pad >> 8);
		for (int i = 4; i < extra.length; i++) extra[i] = 'Z';
		e.setExtra(extra);
		zip.putNextEntry(e);
		zip.write(data);
		zip.closeEntry();
	}

	private static final class CountingStream extends FilterOutputStream {
		long count;

		CountingStream(OutputStream out) {
			super(out);
		}

		@Override
		public void write(int b) throws IOException {
			out.write(b);
			count++;
		}

		@Override
		public void write(byte[] b, int off, int len) throws IOException {
			out.write(b, off, len);
			count += len;
		}
	}

	/** The bytes of a state-dict file (for tests and in-memory use). */
	public static byte[] toBytes(Map<String, Tensor> stateDict) {
		ByteArrayOutputStream bos = new ByteArrayOutputStream();
		try {
			write(bos, stateDict);
		}
		catch (IOException e) {
			throw new FacemapException("cannot encode state dict: " + e.getMessage(), e);
		}
		return bos.toByteArray();
	}
}
