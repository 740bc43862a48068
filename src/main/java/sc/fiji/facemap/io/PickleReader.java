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

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import sc.fiji.facemap.FacemapException;

/**
 * Reads Python pickles (protocols 0 to 5) as written by {@code pickle.dump}, {@code np.save} (object arrays) and
 * {@code torch.save}, without running any Python. Python values become Java values: dict and OrderedDict to
 * {@link LinkedHashMap}, list to {@link ArrayList}, tuple to {@link PyTuple}, str to String, bytes to byte[], int to
 * Long (BigInteger when larger), float to Double, bool to Boolean, None to null, set to {@link LinkedHashSet}, numpy
 * arrays to {@link Tensor} (object and string arrays to lists; a 0-d object array to its element) and numpy scalars
 * to Long/Double/Boolean. Classes with no Java meaning stay {@link PyObject}s. Callers add their own classes with
 * {@link #register} and resolve persistent ids (PyTorch storages) with {@link #persistentLoad}.
 */
public final class PickleReader {

	/** Builds a Java value from the arguments of a Python call (REDUCE, NEWOBJ). */
	@FunctionalInterface
	public interface Reducer {
		Object reduce(PyTuple args);
	}

	/** An object created by a call that is completed by a later BUILD (numpy arrays and dtypes). */
	interface Buildable {
		Object build(Object state);
	}

	private static final Object MARK = new Object() {
		@Override
		public String toString() {
			return "MARK";
		}
	};

	private final Map<String, Reducer> reducers = new HashMap<>();
	private Function<Object, Object> persistentLoad;

	private byte[] buf;
	private int pos;
	private final ArrayList<Object> stack = new ArrayList<>();
	private final ArrayList<Integer> marks = new ArrayList<>();
	private final HashMap<Long, Object> memo = new HashMap<>();
	/** Memo keys of objects that a later BUILD replaces (numpy arrays), so the memo then holds the result. */
	private final java.util.IdentityHashMap<Object, List<Long>> pendingMemo = new java.util.IdentityHashMap<>();

	public PickleReader() {
		registerDefaults();
	}

	/** Makes calls to {@code module.name} produce what {@code reducer} returns. */
	public PickleReader register(String module, String name, Reducer reducer) {
		reducers.put(module + "." + name, reducer);
		return this;
	}

	/** Resolves persistent ids (PyTorch storages); without one, a persistent id becomes a {@link PyPersistentId}. */
	public PickleReader persistentLoad(Function<Object, Object> loader) {
		this.persistentLoad = loader;
		return this;
	}

	/** Reads one pickle from the whole of {@code data}. */
	public static Object read(byte[] data) {
		return new PickleReader().load(data);
	}

	/** Reads a file holding one pickle; errors name the file. */
	public static Object read(Path file) {
		byte[] data = FileBytes.read(file);
		try {
			return new PickleReader().load(data);
		}
		catch (FacemapException e) {
			throw new FacemapException(file, "expected a Python pickle file; " + e.getMessage(), e);
		}
	}

	/** Reads one pickle from a stream (the rest of the stream is read into memory). */
	public Object load(InputStream in) throws IOException {
		return load(in.readAllBytes());
	}

	/** Reads one pickle starting at the beginning of {@code data}. */
	public Object load(byte[] data) {
		return load(data, 0);
	}

	/** Reads one pickle starting at {@code offset}; {@link #position()} then tells where it ended. */
	public Object load(byte[] data, int offset) {
		buf = data;
		pos = offset;
		stack.clear();
		marks.clear();
		memo.clear();
		pendingMemo.clear();
		try {
			return run();
		}
		catch (IndexOutOfBoundsException | java.nio.BufferUnderflowException e) {
			throw new FacemapException("the pickle data ends early (truncated or damaged) at byte " + pos);
		}
		catch (FacemapException e) {
			throw e;
		}
		catch (RuntimeException e) {
			// ClassCastException, NumberFormatException, ...: the bytes are not a pickle of what they claim
			throw new FacemapException("malformed pickle data near byte " + pos + " (" + e + ")");
		}
	}

	/** The byte position after the last pickle read. */
	public int position() {
		return pos;
	}

	// ---- the virtual machine ----

	private Object run() {
		while (true) {
			if (pos >= buf.length) throw new FacemapException("the pickle data ends early (no STOP opcode)");
			int op = buf[pos++] & 0xff;
			switch (op) {
				case 0x80: { // PROTO
					int p = u8();
					if (p > 5) throw new FacemapException("unsupported pickle protocol " + p);
					break;
				}
				case 0x95: pos += 8; break; // FRAME: framing is only a hint
				case '.': { // STOP
					if (stack.isEmpty()) throw new FacemapException("empty pickle");
					return pop();
				}
				case '(': marks.add(stack.size()); break;
				case '0': pop(); break;
				case '1': popMark(); break;
				case '2': push(peek()); break;
				case 'N': push(null); break;
				case 0x88: push(Boolean.TRUE); break;
				case 0x89: push(Boolean.FALSE); break;
				case 'J': push((long) i32()); break;
				case 'K': push((long) u8()); break;
				case 'M': push((long) u16()); break;
				case 0x8a: push(longFrom(bytes(u8()))); break;
				case 0x8b: push(longFrom(bytes(checkedLen(i32())))); break;
				case 'I': {
					String s = line();
					if (s.equals("01")) push(Boolean.TRUE);
					else if (s.equals("00")) push(Boolean.FALSE);
					else push(toLong(new BigInteger(s)));
					break;
				}
				case 'L': {
					String s = line();
					if (s.endsWith("L")) s = s.substring(0, s.length() - 1);
					push(toLong(new BigInteger(s)));
					break;
				}
				case 'F': push(Double.parseDouble(line())); break;
				case 'G': push(ByteBuffer.wrap(bytes(8)).order(ByteOrder.BIG_ENDIAN).getDouble()); break;
				case 'X': push(utf8(bytes(checkedLen(i32())))); break;
				case 0x8c: push(utf8(bytes(u8()))); break;
				case 0x8d: push(utf8(bytes(checkedLen(i64())))); break;
				case 'V': push(unescapeRawUnicode(line())); break;
				case 'S': push(unquote(line())); break;
				case 'T': push(new String(bytes(checkedLen(i32())), StandardCharsets.ISO_8859_1)); break;
				case 'U': push(new String(bytes(u8()), StandardCharsets.ISO_8859_1)); break;
				case 'B': push(bytes(checkedLen(i32()))); break;
				case 'C': push(bytes(u8())); break;
				case 0x8e: push(bytes(checkedLen(i64()))); break;
				case 0x96: push(bytes(checkedLen(i64()))); break; // BYTEARRAY8
				case 0x97: throw new FacemapException("out-of-band pickle buffers (protocol 5 NEXT_BUFFER) are not supported");
				case 0x98: break; // READONLY_BUFFER
				case ')': push(PyTuple.EMPTY); break;
				case 't': push(PyTuple.copyOf(popMark())); break;
				case 0x85: push(PyTuple.of(pop())); break;
				case 0x86: {
					Object b = pop(), a = pop();
					push(PyTuple.of(a, b));
					break;
				}
				case 0x87: {
					Object c = pop(), b = pop(), a = pop();
					push(PyTuple.of(a, b, c));
					break;
				}
				case ']': push(new ArrayList<>()); break;
				case 'l': push(new ArrayList<>(popMark())); break;
				case 'a': {
					Object v = pop();
					appendTo(peek(), List.of(v == null ? NULL_ITEM : v));
					break;
				}
				case 'e': {
					List<Object> items = popMark();
					appendTo(peek(), items);
					break;
				}
				case '}': push(new LinkedHashMap<>()); break;
				case 'd': {
					List<Object> items = popMark();
					Map<Object, Object> m = new LinkedHashMap<>();
					for (int i = 0; i + 1 < items.size(); i += 2) m.put(items.get(i), items.get(i + 1));
					push(m);
					break;
				}
				case 's': {
					Object v = pop(), k = pop();
					setItem(peek(), k, v);
					break;
				}
				case 'u': {
					List<Object> items = popMark();
					Object d = peek();
					for (int i = 0; i + 1 < items.size(); i += 2) setItem(d, items.get(i), items.get(i + 1));
					break;
				}
				case 0x8f: push(new LinkedHashSet<>()); break;
				case 0x90: {
					List<Object> items = popMark();
					@SuppressWarnings("unchecked")
					Set<Object> set = (Set<Object>) peek();
					set.addAll(items);
					break;
				}
				case 0x91: push(new LinkedHashSet<>(popMark())); break;
				case 'p': memoPut(Long.parseLong(line())); break;
				case 'q': memoPut(u8()); break;
				case 'r': memoPut(i32() & 0xffffffffL); break;
				case 0x94: memoPut(memo.size()); break;
				case 'g': push(memoGet(Long.parseLong(line()))); break;
				case 'h': push(memoGet(u8())); break;
				case 'j': push(memoGet(i32() & 0xffffffffL)); break;
				case 'c': {
					String module = line();
					String name = line();
					push(new PyGlobal(module, name));
					break;
				}
				case 0x93: {
					Object name = pop(), module = pop();
					push(new PyGlobal((String) module, (String) name));
					break;
				}
				case 'R': {
					Object args = pop();
					Object f = pop();
					push(call(f, asTuple(args)));
					break;
				}
				case 0x81: { // NEWOBJ
					Object args = pop();
					Object cls = pop();
					push(call(cls, asTuple(args)));
					break;
				}
				case 0x92: { // NEWOBJ_EX
					pop(); // kwargs (ignored)
					Object args = pop();
					Object cls = pop();
					push(call(cls, asTuple(args)));
					break;
				}
				case 'o': { // OBJ
					List<Object> items = popMark();
					push(call(items.get(0), PyTuple.copyOf(items.subList(1, items.size()))));
					break;
				}
				case 'i': { // INST
					String module = line();
					String name = line();
					push(call(new PyGlobal(module, name), PyTuple.copyOf(popMark())));
					break;
				}
				case 'b': { // BUILD
					Object state = pop();
					Object obj = peek();
					Object built = build(obj, state);
					if (built != obj) {
						stack.set(stack.size() - 1, built);
						List<Long> keys = pendingMemo.remove(obj);
						if (keys != null) for (Long k : keys) memo.put(k, built);
					}
					break;
				}
				case 'P': push(persistent(line())); break;
				case 'Q': push(persistent(pop())); break;
				case 0x82: case 0x83: case 0x84:
					throw new FacemapException("pickle extension codes (EXT opcodes) are not supported");
				default:
					throw new FacemapException(String.format("unknown pickle opcode 0x%02x at byte %d", op, pos - 1));
			}
		}
	}

	/** Stands in for a None appended to a list (List.of rejects null). */
	private static final Object NULL_ITEM = new Object();

	@SuppressWarnings("unchecked")
	private static void appendTo(Object target, List<Object> items) {
		if (target instanceof List && !(target instanceof PyTuple)) {
			for (Object o : items) ((List<Object>) target).add(o == NULL_ITEM ? null : o);
		}
		else if (target instanceof PyObject) {
			PyObject p = (PyObject) target;
			if (p.listItems() == null) throw new FacemapException("cannot append to " + p.callable());
			for (Object o : items) p.listItems().add(o == NULL_ITEM ? null : o);
		}
		else throw new FacemapException("cannot append to " + typeName(target));
	}

	@SuppressWarnings("unchecked")
	private static void setItem(Object target, Object k, Object v) {
		if (target instanceof Map) ((Map<Object, Object>) target).put(k, v);
		else if (target instanceof PyObject && ((PyObject) target).dictItems() != null) ((PyObject) target).dictItems().put(k, v);
		else throw new FacemapException("cannot set an item on " + typeName(target));
	}

	private Object persistent(Object pid) {
		if (persistentLoad == null) return new PyPersistentId(pid);
		return persistentLoad.apply(pid);
	}

	private void memoPut(long key) {
		Object o = peek();
		memo.put(key, o);
		if (o instanceof Buildable) pendingMemo.computeIfAbsent(o, x -> new ArrayList<>()).add(key);
	}

	private Object memoGet(long key) {
		if (!memo.containsKey(key)) throw new FacemapException("pickle refers to memo entry " + key + " that was never stored");
		return memo.get(key);
	}

	private Object call(Object f, PyTuple args) {
		if (!(f instanceof PyGlobal)) throw new FacemapException("cannot call " + typeName(f));
		PyGlobal g = (PyGlobal) f;
		Reducer r = reducers.get(g.qualifiedName());
		if (r != null) return r.reduce(args);
		// Unknown class: keep it, with room for state and items (e.g. a dict or list subclass).
		return new PyObject(g, args, null, new ArrayList<>(), new LinkedHashMap<>());
	}

	@SuppressWarnings("unchecked")
	private Object build(Object obj, Object state) {
		if (obj instanceof Buildable) return ((Buildable) obj).build(state);
		if (obj instanceof PyObject) {
			((PyObject) obj).setState(state);
			return obj;
		}
		if (obj instanceof Map) {
			// e.g. the _metadata attribute of a PyTorch state dict (an OrderedDict with instance attributes): keep
			// nothing of it, the items are what matters.
			return obj;
		}
		throw new FacemapException("cannot set the state of " + typeName(obj));
	}

	static String typeName(Object o) {
		if (o == null) return "None";
		if (o instanceof PyObject) return ((PyObject) o).callable().qualifiedName() + " object";
		if (o instanceof PyGlobal) return ((PyGlobal) o).qualifiedName();
		if (o instanceof PyTuple) return "tuple";
		if (o instanceof List) return "list";
		if (o instanceof Map) return "dict";
		if (o instanceof String) return "str";
		if (o instanceof byte[]) return "bytes";
		if (o instanceof Tensor) return "array " + o;
		return o.getClass().getSimpleName();
	}

	private static PyTuple asTuple(Object o) {
		if (o instanceof PyTuple) return (PyTuple) o;
		if (o instanceof List) return PyTuple.copyOf((List<?>) o);
		throw new FacemapException("expected a tuple of arguments, found " + typeName(o));
	}

	// ---- stack and input helpers ----

	private void push(Object o) {
		stack.add(o);
	}

	private Object pop() {
		if (stack.isEmpty()) throw new FacemapException("pickle stack underflow at byte " + pos);
		return stack.remove(stack.size() - 1);
	}

	private Object peek() {
		if (stack.isEmpty()) throw new FacemapException("pickle stack underflow at byte " + pos);
		return stack.get(stack.size() - 1);
	}

	private List<Object> popMark() {
		if (marks.isEmpty()) throw new FacemapException("pickle MARK missing at byte " + pos);
		int m = marks.remove(marks.size() - 1);
		List<Object> items = new ArrayList<>(stack.subList(m, stack.size()));
		while (stack.size() > m) stack.remove(stack.size() - 1);
		return items;
	}

	private int u8() {
		return buf[pos++] & 0xff;
	}

	private int u16() {
		int v = (buf[pos] & 0xff) | (buf[pos + 1] & 0xff) << 8;
		pos += 2;
		return v;
	}

	private int i32() {
		int v = ByteBuffer.wrap(buf, pos, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
		pos += 4;
		return v;
	}

	private long i64() {
		long v = ByteBuffer.wrap(buf, pos, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
		pos += 8;
		return v;
	}

	private int checkedLen(long n) {
		if (n < 0 || n > buf.length - pos) throw new FacemapException("the pickle data ends early (truncated or damaged) at byte " + pos);
		return (int) n;
	}

	private byte[] bytes(int n) {
		checkedLen(n);
		byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
		pos += n;
		return b;
	}

	private String line() {
		int start = pos;
		while (buf[pos] != '\n') pos++;
		String s = new String(buf, start, pos - start, StandardCharsets.ISO_8859_1);
		pos++;
		return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
	}

	private static String utf8(byte[] b) {
		return new String(b, StandardCharsets.UTF_8);
	}

	private static Object longFrom(byte[] le) {
		if (le.length == 0) return 0L;
		byte[] be = new byte[le.length];
		for (int i = 0; i < le.length; i++) be[i] = le[le.length - 1 - i];
		return toLong(new BigInteger(be));
	}

	static Object toLong(BigInteger b) {
		return b.bitLength() < 64 ? (Object) b.longValue() : b;
	}

	private static String unquote(String s) {
		if (s.length() >= 2 && (s.charAt(0) == '\'' || s.charAt(0) == '"')) s = s.substring(1, s.length() - 1);
		return unescapeRawUnicode(s.replace("\\'", "'"));
	}

	private static String unescapeRawUnicode(String s) {
		if (s.indexOf('\\') < 0) return s;
		StringBuilder sb = new StringBuilder();
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			if (c == '\\' && i + 1 < s.length()) {
				char n = s.charAt(i + 1);
				if (n == 'u' && i + 5 < s.length()) {
					sb.append((char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
					i += 5;
					continue;
				}
				if (n == 'n') { sb.append('\n'); i++; continue; }
				if (n == '\\') { sb.append('\\'); i++; continue; }
				if (n == 'x' && i + 3 < s.length()) {
					sb.append((char) Integer.parseInt(s.substring(i + 2, i + 4), 16));
					i += 3;
					continue;
				}
			}
			sb.append(c);
		}
		return sb.toString();
	}

	// ---- known Python callables ----

	private void registerDefaults() {
		Reducer ordered = args -> {
			Map<Object, Object> m = new LinkedHashMap<>();
			if (!args.isEmpty() && args.get(0) instanceof List)
				for (Object kv : (List<?>) args.get(0)) m.put(((List<?>) kv).get(0), ((List<?>) kv).get(1));
			return m;
		};
		register("collections", "OrderedDict", ordered);
		register("builtins", "dict", ordered);
		register("__builtin__", "dict", ordered);
		Reducer set = args -> args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>((List<?>) args.get(0));
		register("builtins", "set", set);
		register("builtins", "frozenset", set);
		register("__builtin__", "set", set);
		register("__builtin__", "frozenset", set);
		Reducer list = args -> args.isEmpty() ? new ArrayList<>() : new ArrayList<>((List<?>) args.get(0));
		register("builtins", "list", list);
		register("__builtin__", "list", list);
		register("builtins", "tuple", args -> args.isEmpty() ? PyTuple.EMPTY : PyTuple.copyOf((List<?>) args.get(0)));
		Reducer bytearray = args -> args.isEmpty() ? new byte[0]
			: args.get(0) instanceof byte[] ? args.get(0) : encodeLatin1(args.get(0));
		register("builtins", "bytearray", bytearray);
		register("builtins", "bytes", bytearray);
		register("__builtin__", "bytearray", bytearray);
		register("_codecs", "encode", args -> {
			String enc = args.size() > 1 ? String.valueOf(args.get(1)).toLowerCase() : "utf-8";
			String s = (String) args.get(0);
			return enc.contains("latin") || enc.equals("iso-8859-1") ? s.getBytes(StandardCharsets.ISO_8859_1)
				: s.getBytes(StandardCharsets.UTF_8);
		});
		for (String core : new String[] { "numpy.core.multiarray", "numpy._core.multiarray" }) {
			register(core, "_reconstruct", args -> new NdarrayBuilder());
			register(core, "scalar", args -> scalar((DtypeBuilder) args.get(0), args.size() > 1 ? args.get(1) : null));
		}
		register("numpy", "dtype", args -> new DtypeBuilder(String.valueOf(args.get(0))));
	}

	private static byte[] encodeLatin1(Object o) {
		if (o instanceof String) return ((String) o).getBytes(StandardCharsets.ISO_8859_1);
		if (o instanceof List) {
			List<?> l = (List<?>) o;
			byte[] b = new byte[l.size()];
			for (int i = 0; i < b.length; i++) b[i] = (byte) ((Number) l.get(i)).intValue();
			return b;
		}
		throw new FacemapException("cannot make bytes from " + typeName(o));
	}

	private static byte[] rawBytes(Object o) {
		if (o instanceof byte[]) return (byte[]) o;
		if (o instanceof String) return ((String) o).getBytes(StandardCharsets.ISO_8859_1);
		throw new FacemapException("expected raw array bytes, found " + typeName(o));
	}

	private static Object scalar(DtypeBuilder dt, Object data) {
		NdArrays.Dtype d = dt.dtype();
		if (d.isObject()) return data;
		Object v = NdArrays.decodeNumpy(d, new long[0], false, ByteBuffer.wrap(rawBytes(data)));
		if (!(v instanceof Tensor)) return v;
		Tensor t = (Tensor) v;
		if (t.isFloating()) return t.doubles()[0];
		if (t.dtype().equals("bool")) return t.longs()[0] != 0;
		return t.longs()[0];
	}

	/** numpy.dtype(...) waiting for its BUILD state (byte order). */
	static final class DtypeBuilder implements Buildable {
		private final String code;
		private char order = '|';

		DtypeBuilder(String code) {
			this.code = code;
		}

		@Override
		public Object build(Object state) {
			if (state instanceof List && ((List<?>) state).size() >= 2) {
				List<?> s = (List<?>) state;
				Object o = s.get(1);
				if (o instanceof String && !((String) o).isEmpty()) order = ((String) o).charAt(0);
				if (s.size() >= 5 && (s.get(3) != null || s.get(4) != null))
					throw new FacemapException("structured numpy dtypes (with named fields) are not supported");
				if (s.size() >= 3 && s.get(2) != null)
					throw new FacemapException("numpy sub-array dtypes are not supported");
			}
			return this;
		}

		NdArrays.Dtype dtype() {
			char o = order == '=' ? '<' : order;
			return NdArrays.parseDtype((code.startsWith("<") || code.startsWith(">") || code.startsWith("|") ? "" : String.valueOf(o)) + code);
		}
	}

	/** numpy.core.multiarray._reconstruct(ndarray, (0,), b'b') waiting for its BUILD state. */
	static final class NdarrayBuilder implements Buildable {
		@Override
		public Object build(Object state) {
			List<?> s = (List<?>) state;
			int i = s.size() == 5 ? 1 : 0; // (version, shape, dtype, is_fortran, data) or without version
			List<?> shp = (List<?>) s.get(i);
			long[] shape = new long[shp.size()];
			for (int k = 0; k < shape.length; k++) shape[k] = ((Number) shp.get(k)).longValue();
			Object dto = s.get(i + 1);
			if (!(dto instanceof DtypeBuilder)) throw new FacemapException("numpy array without a dtype");
			NdArrays.Dtype dt = ((DtypeBuilder) dto).dtype();
			boolean fortran = Boolean.TRUE.equals(s.get(i + 2));
			Object data = s.get(i + 3);
			if (dt.isObject()) {
				List<?> items = (List<?>) data;
				List<Object> flat = new ArrayList<>(items);
				if (fortran && shape.length > 1) {
					long[] src = NdArrays.sourceIndices(shape, NdArrays.fortranStrides(shape), 0);
					if (src != null) for (int k = 0; k < flat.size(); k++) flat.set(k, items.get((int) src[k]));
				}
				return NdArrays.nest(flat, shape);
			}
			return NdArrays.decodeNumpy(dt, shape, fortran, ByteBuffer.wrap(rawBytes(data)));
		}
	}
}
