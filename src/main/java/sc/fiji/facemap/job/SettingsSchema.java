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
package sc.fiji.facemap.job;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.AtomicFiles;

/**
 * The options of one job, derived from its {@link JobSettings} record: one key per record component (snake_case),
 * its type, default and description. Every front end goes through here: SciJava commands (fields named by the keys),
 * picocli subcommands (options {@code --key-with-dashes}, installed from this schema), JSON settings files and the
 * resume comparison. Values arrive as text (macro options, command lines, dialogs) or typed (scripts, JSON).
 * <p>
 * Supported component types: {@code boolean}, {@code int}, {@code long}, {@code double}, {@code float},
 * {@link String}, {@link Path}, enums (text: lower case with dashes, or the enum's own {@code parse(String)}), and
 * any type with a {@code public static T parse(String)} whose {@code toString()} parses back.
 */
public final class SettingsSchema<S extends JobSettings> {

	/** One option. */
	public static final class Key {
		private final String name, component, description, label;
		private final Class<?> type;
		private final Method accessor;
		private final boolean optional, identity;
		private final Object defaultValue;
		private final String[] aliases;

		Key(RecordComponent c, Setting s, Object defaultValue) {
			this.component = c.getName();
			this.name = snake(component);
			this.type = c.getType();
			this.accessor = c.getAccessor();
			this.description = s.description();
			this.label = s.label().isEmpty() ? defaultLabel(name) : s.label();
			this.optional = s.optional();
			this.identity = s.identity();
			this.defaultValue = defaultValue;
			this.aliases = s.aliases().clone();
		}

		/** The key: macro key, JSON key, SciJava field name. */
		public String name() {
			return name;
		}

		/** The picocli option name, {@code --} + the key with dashes. */
		public String cliName() {
			return "--" + name.replace('_', '-');
		}

		/** Other command-line names of this option (older spellings kept working). */
		public String[] cliAliases() {
			return aliases.clone();
		}

		public String description() {
			return description;
		}

		public String label() {
			return label;
		}

		public Class<?> type() {
			return type;
		}

		public boolean isFlag() {
			return type == boolean.class || type == Boolean.class;
		}

		public boolean optional() {
			return optional;
		}

		/** Whether the key is part of a run's identity (resume comparison). */
		public boolean identity() {
			return identity;
		}

		public Object defaultValue() {
			return defaultValue;
		}

		/** The default as text ("" for none). */
		public String defaultText() {
			return text(defaultValue);
		}

		/** The allowed texts of an enum option, else an empty list. */
		public List<String> choices() {
			if (!type.isEnum()) return Collections.emptyList();
			List<String> out = new ArrayList<>();
			for (Object e : type.getEnumConstants())
				out.add(text(e));
			return out;
		}

		Object get(Object settings) {
			try {
				return accessor.invoke(settings);
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException(e);
			}
		}

		/** Converts a value given as text or typed object to this key's type. Empty text: default (or null). */
		public Object convert(Object v) {
			if (v == null) return optional || !type.isPrimitive() && defaultValue == null ? null : defaultValue;
			if (v instanceof JsonElement) v = fromJson((JsonElement) v);
			if (v instanceof File) v = ((File) v).toPath();
			Class<?> boxed = box(type);
			if (boxed.isInstance(v)) return v;
			if (v instanceof Number && Number.class.isAssignableFrom(boxed)) {
				Number n = (Number) v;
				if (boxed == Integer.class) {
					if (n.doubleValue() != Math.rint(n.doubleValue()) || Math.abs(n.doubleValue()) > Integer.MAX_VALUE)
						throw bad("a whole number", n);
					return n.intValue();
				}
				if (boxed == Long.class) {
					if (n.doubleValue() != Math.rint(n.doubleValue())) throw bad("a whole number", n);
					return n.longValue();
				}
				if (boxed == Double.class) return n.doubleValue();
				if (boxed == Float.class) return n.floatValue();
			}
			String t = v.toString().trim();
			if (t.isEmpty()) return type.isPrimitive() ? defaultValue : null;
			try {
				if (boxed == Boolean.class) {
					String l = t.toLowerCase(Locale.ROOT);
					if (l.equals("true") || l.equals("1") || l.equals("yes") || l.equals("on")) return true;
					if (l.equals("false") || l.equals("0") || l.equals("no") || l.equals("off")) return false;
					throw bad("true or false", t);
				}
				if (boxed == Integer.class) return Integer.parseInt(t);
				if (boxed == Long.class) return Long.parseLong(t);
				if (boxed == Double.class) return Double.parseDouble(t);
				if (boxed == Float.class) return Float.parseFloat(t);
				if (type == String.class) return t;
				if (type == Path.class) return Paths.get(t);
				if (type.isEnum()) return parseEnum(t);
				Method parse = type.getMethod("parse", String.class);
				return parse.invoke(null, t);
			} catch (NumberFormatException e) {
				throw bad(boxed == Integer.class || boxed == Long.class ? "a whole number" : "a number", t);
			} catch (InvocationTargetException e) {
				Throwable c = e.getCause();
				String m = c.getMessage() == null ? c.toString() : c.getMessage();
				throw new FacemapException(m.startsWith(name + " ") ? m : name + ": " + m, c);
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException("settings type " + type + " of '" + name + "' has no public static parse(String)", e);
			}
		}

		private Object parseEnum(String t) throws ReflectiveOperationException {
			try {
				Method parse = type.getMethod("parse", String.class);
				if (Modifier.isStatic(parse.getModifiers())) {
					try {
						return parse.invoke(null, t);
					} catch (InvocationTargetException e) {
						String m = e.getCause().getMessage();
						throw new FacemapException(m != null ? m : name + " must be one of " + String.join(", ", choices()) + ", got '" + t + "'");
					}
				}
			} catch (NoSuchMethodException ignored) {
				// by name
			}
			String n = t.toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
			for (Object e : type.getEnumConstants())
				if (((Enum<?>) e).name().equals(n)) return e;
			throw new FacemapException(name + " must be one of " + String.join(", ", choices()) + ", got '" + t + "'");
		}

		private FacemapException bad(String what, Object got) {
			return new FacemapException(name + " must be " + what + ", got '" + got + "'");
		}

		@Override
		public String toString() {
			return name;
		}
	}

	private static final Map<Class<?>, SettingsSchema<?>> CACHE = new ConcurrentHashMap<>();

	private final Class<S> type;
	private final List<Key> keys;
	private final Map<String, Key> byName = new LinkedHashMap<>();
	private final S defaults;
	private final Constructor<S> constructor;

	private SettingsSchema(Class<S> type) {
		if (!type.isRecord()) throw new IllegalArgumentException(type + " is not a record");
		this.type = type;
		try {
			Field f = type.getField("DEFAULTS");
			if (!Modifier.isStatic(f.getModifiers()) || f.getType() != type)
				throw new IllegalArgumentException(type + ".DEFAULTS must be a static field of type " + type.getSimpleName());
			this.defaults = type.cast(f.get(null));
		} catch (NoSuchFieldException | IllegalAccessException e) {
			throw new IllegalArgumentException(type + " needs a public static final DEFAULTS", e);
		}
		RecordComponent[] comps = type.getRecordComponents();
		List<Key> ks = new ArrayList<>();
		Class<?>[] types = new Class<?>[comps.length];
		for (int i = 0; i < comps.length; i++) {
			RecordComponent c = comps[i];
			types[i] = c.getType();
			Setting s = c.getAnnotation(Setting.class);
			if (s == null) throw new IllegalArgumentException(type.getSimpleName() + "." + c.getName() + " has no @Setting");
			Object def;
			try {
				def = c.getAccessor().invoke(defaults);
			} catch (ReflectiveOperationException e) {
				throw new IllegalStateException(e);
			}
			Key k = new Key(c, s, def);
			ks.add(k);
			byName.put(k.name, k);
		}
		this.keys = Collections.unmodifiableList(ks);
		try {
			this.constructor = type.getDeclaredConstructor(types);
			this.constructor.setAccessible(true);
		} catch (NoSuchMethodException e) {
			throw new IllegalStateException(e);
		}
	}

	/** The schema of a settings record (cached). */
	@SuppressWarnings("unchecked")
	public static <S extends JobSettings> SettingsSchema<S> of(Class<S> type) {
		return (SettingsSchema<S>) CACHE.computeIfAbsent(type, t -> new SettingsSchema<>(type));
	}

	public Class<S> type() {
		return type;
	}

	/** The options in declaration order. */
	public List<Key> keys() {
		return keys;
	}

	/** The option with this key, or null. */
	public Key key(String name) {
		return byName.get(name);
	}

	public S defaults() {
		return defaults;
	}

	/** Settings from key -> value (text or typed); missing keys take their defaults; an unknown key is an error. */
	public S parse(Map<String, ?> values) {
		return with(defaults, values);
	}

	/** {@code base} with the given keys changed. */
	public S with(S base, Map<String, ?> changes) {
		for (String k : changes.keySet())
			if (!byName.containsKey(k))
				throw new FacemapException("unknown option '" + k + "' for " + describe() + "; known options: " + String.join(", ", byName.keySet()));
		Object[] args = new Object[keys.size()];
		for (int i = 0; i < args.length; i++) {
			Key k = keys.get(i);
			args[i] = changes.containsKey(k.name) ? k.convert(changes.get(k.name)) : k.get(base);
			if (args[i] == null && k.type.isPrimitive()) args[i] = k.defaultValue;
			if (args[i] == null && !k.optional && k.defaultValue != null) args[i] = k.defaultValue;
		}
		return construct(args);
	}

	/** {@code base} with one key changed. */
	public S with(S base, String key, Object value) {
		Map<String, Object> m = new LinkedHashMap<>();
		m.put(key, value);
		return with(base, m);
	}

	private S construct(Object[] args) {
		try {
			return constructor.newInstance(args);
		} catch (InvocationTargetException e) {
			Throwable c = e.getCause();
			if (c instanceof FacemapException) throw (FacemapException) c;
			if (c instanceof IllegalArgumentException) throw new FacemapException(c.getMessage(), c);
			if (c instanceof RuntimeException) throw (RuntimeException) c;
			throw new IllegalStateException(c);
		} catch (ReflectiveOperationException e) {
			throw new IllegalStateException(e);
		}
	}

	/** key -> value as plain JSON-friendly objects (numbers, booleans, text), in declaration order. */
	public Map<String, Object> values(S s) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (Key k : keys) {
			Object v = k.get(s);
			m.put(k.name, v == null || v instanceof Number || v instanceof Boolean ? v : text(v));
		}
		return m;
	}

	/** key -> text (empty for none), as a macro option string or command line gives them. */
	public Map<String, String> texts(S s) {
		Map<String, String> m = new LinkedHashMap<>();
		for (Key k : keys)
			m.put(k.name, text(k.get(s)));
		return m;
	}

	/** The identity keys as JSON (what a resumed run must match). */
	public JsonObject identity(S s) {
		JsonObject o = new JsonObject();
		for (Key k : keys)
			if (k.identity) o.add(k.name, json(values(s).get(k.name)));
		return o;
	}

	public JsonObject toJsonObject(S s) {
		JsonObject o = new JsonObject();
		for (Map.Entry<String, Object> e : values(s).entrySet())
			o.add(e.getKey(), json(e.getValue()));
		return o;
	}

	/** Pretty JSON of every key. */
	public String toJson(S s) {
		Gson g = new GsonBuilder().setPrettyPrinting().serializeNulls().create();
		return g.toJson(toJsonObject(s)) + "\n";
	}

	/** Writes a settings file atomically. */
	public void writeJson(S s, Path file) {
		AtomicFiles.writeString(file, toJson(s));
	}

	/** Settings from a JSON object (missing keys take their defaults). */
	public S fromJson(JsonObject o) {
		Map<String, Object> m = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> e : o.entrySet())
			m.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue());
		return parse(m);
	}

	/**
	 * Settings from a JSON file: either a flat object of this job's keys, or an object with one section per job
	 * (a key {@code section} holding an object), e.g. {@code {"track": {...}, "svd": {...}}}.
	 */
	public S fromJson(Path file, String section) {
		JsonObject o = readObject(file);
		if (section != null && o.has(section) && o.get(section).isJsonObject()) o = o.getAsJsonObject(section);
		try {
			return fromJson(o);
		} catch (FacemapException e) {
			throw new FacemapException(file, e.getMessage(), e);
		}
	}

	/** The keys present in a settings file (section applied), for merging with explicit options. */
	public Map<String, Object> readValues(Path file, String section) {
		JsonObject o = readObject(file);
		if (section != null && o.has(section) && o.get(section).isJsonObject()) o = o.getAsJsonObject(section);
		Map<String, Object> m = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> e : o.entrySet()) {
			if (!byName.containsKey(e.getKey()))
				throw new FacemapException(file, "unknown option '" + e.getKey() + "' for " + describe() + "; known options: " + String.join(", ", byName.keySet()));
			m.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue());
		}
		return m;
	}

	/**
	 * Like {@link #readValues} but for a file shared by several jobs: keys of other jobs are ignored (a flat file
	 * of one job's keys is still checked key by key when it has no sections).
	 */
	public Map<String, Object> readValuesLenient(Path file, String section) {
		JsonObject o = readObject(file);
		boolean sectioned = section != null && o.has(section) && o.get(section).isJsonObject();
		if (sectioned) return readValues(file, section);
		Map<String, Object> m = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> e : o.entrySet()) {
			if (e.getValue().isJsonObject()) continue; // another job's section
			if (byName.containsKey(e.getKey())) m.put(e.getKey(), e.getValue().isJsonNull() ? null : e.getValue());
		}
		return m;
	}

	/** The keys of a settings file (of the section, when the file has it; other sections left out). */
	public static List<String> keysIn(Path file, String section) {
		JsonObject o = readObject(file);
		if (section != null && o.has(section) && o.get(section).isJsonObject()) o = o.getAsJsonObject(section);
		List<String> out = new ArrayList<>();
		for (Map.Entry<String, JsonElement> e : o.entrySet())
			if (!e.getValue().isJsonObject()) out.add(e.getKey());
		return out;
	}

	private static JsonObject readObject(Path file) {
		try {
			JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
			if (!e.isJsonObject()) throw new FacemapException(file, "a settings file must hold one JSON object { \"key\": value, ... }");
			return e.getAsJsonObject();
		} catch (IOException e) {
			throw new FacemapException(file, "cannot read the settings file (" + e.getMessage() + ")", e);
		} catch (com.google.gson.JsonParseException e) {
			throw new FacemapException(file, "not valid JSON (" + e.getMessage() + ")", e);
		}
	}

	private String describe() {
		return type.getSimpleName();
	}

	/** Text of a value the way the front ends write it: enums lower case with dashes, null as "". */
	public static String text(Object v) {
		if (v == null) return "";
		if (v instanceof Enum) {
			Object label = null;
			try {
				Method m = v.getClass().getMethod("label");
				label = m.invoke(v);
			} catch (ReflectiveOperationException ignored) {
				// by name
			}
			return label != null ? label.toString() : ((Enum<?>) v).name().toLowerCase(Locale.ROOT).replace('_', '-');
		}
		if (v instanceof Double || v instanceof Float) {
			double d = ((Number) v).doubleValue();
			if (d == Math.rint(d) && Math.abs(d) < 1e15) return Long.toString((long) d);
		}
		return v.toString();
	}

	/** Throws a {@link FacemapException} naming the key when {@code ok} is false. For compact constructors. */
	public static void check(boolean ok, String key, String problem) {
		if (!ok) throw new FacemapException(key + " " + problem);
	}

	/** snake_case of a camelCase name. */
	public static String snake(String camel) {
		StringBuilder b = new StringBuilder();
		for (char c : camel.toCharArray()) {
			if (Character.isUpperCase(c)) b.append('_').append(Character.toLowerCase(c));
			else b.append(c);
		}
		return b.toString();
	}

	private static String defaultLabel(String key) {
		String s = key.replace('_', ' ');
		return Character.toUpperCase(s.charAt(0)) + s.substring(1);
	}

	private static Class<?> box(Class<?> t) {
		if (!t.isPrimitive()) return t;
		if (t == int.class) return Integer.class;
		if (t == long.class) return Long.class;
		if (t == double.class) return Double.class;
		if (t == float.class) return Float.class;
		if (t == boolean.class) return Boolean.class;
		throw new IllegalArgumentException("unsupported setting type " + t);
	}

	private static Object fromJson(JsonElement e) {
		if (e.isJsonNull()) return null;
		if (e.isJsonPrimitive()) {
			JsonPrimitive p = e.getAsJsonPrimitive();
			if (p.isBoolean()) return p.getAsBoolean();
			if (p.isNumber()) return p.getAsBigDecimal().doubleValue();
			return p.getAsString();
		}
		return e.toString();
	}

	private static JsonElement json(Object v) {
		if (v == null) return com.google.gson.JsonNull.INSTANCE;
		if (v instanceof Boolean) return new JsonPrimitive((Boolean) v);
		if (v instanceof Number) return new JsonPrimitive((Number) v);
		return new JsonPrimitive(v.toString());
	}
}
