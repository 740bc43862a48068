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
package sc.fiji.facemap.launcher;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.log.Logger;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;

import sc.fiji.facemap.FacemapException;

/**
 * An ImageJ1 {@link GenericDialog} built from a SciJava command's {@code @Parameter} inputs, for standalone ImageJ
 * where Fiji's own SciJava dialogs are absent. Each field's label starts with the parameter's field name, so the
 * macro option keys (ImageJ1 takes the first word of a label, lower-cased) are the field names, exactly as in Fiji:
 * {@code run("Open Video...", "path=[/data/v.mp4] virtual")}. In a macro, GenericDialog fills itself from the macro
 * options without showing a window.
 * <p>
 * Supported input types: File (style "open", "save", "directory"), String (with or without choices), enums,
 * primitive and boxed numbers (min/max enforced), boolean, ImagePlus (one of the open images). Services and the
 * Context are left to SciJava's injection; message parameters become dialog text.
 */
public final class CommandDialog {

	private enum Kind {
		FILE, STRING, CHOICE, ENUM, INTEGER, REAL, BOOLEAN, IMAGE
	}

	private static final class Field {
		final ModuleItem<?> item;
		final Kind kind;

		Field(ModuleItem<?> item, Kind kind) {
			this.item = item;
			this.kind = kind;
		}
	}

	private CommandDialog() {}

	/**
	 * Shows the dialog (or reads the macro options) and sets every harvested input on {@code module}, marking it
	 * resolved.
	 *
	 * @return false if the user canceled
	 * @throws FacemapException when a value is invalid (out of range, not a number, no open image)
	 */
	public static boolean harvest(Module module, Context context, String title) {
		ModuleService moduleService = context.service(ModuleService.class);
		boolean macro = Macro.getOptions() != null;
		boolean headless = GraphicsEnvironment.isHeadless();
		GenericDialog gd = new GenericDialog(title);
		List<Field> fields = new ArrayList<>();
		for (ModuleItem<?> item : module.getInfo().inputs()) {
			String name = item.getName();
			if (module.isInputResolved(name) || isInjectedType(item.getType())) continue;
			ItemVisibility vis = item.getVisibility();
			if (vis == ItemVisibility.INVISIBLE) continue;
			if (vis == ItemVisibility.MESSAGE) {
				Object msg = module.getInput(name);
				String text = msg != null ? msg.toString() : item.getLabel();
				if (text != null && !text.isEmpty()) gd.addMessage(text);
				continue;
			}
			Kind kind = kindOf(item);
			if (kind == null) continue; // left to SciJava (default value, or validation error later)
			Object def = module.getInput(name);
			if (!macro && item.isPersisted()) {
				Object saved = moduleService.load(item);
				if (saved != null) def = saved;
			}
			String label = label(item);
			switch (kind) {
				case FILE: {
					String style = style(item);
					String d = def == null ? "" : def.toString();
					// Headless (patched) ImageJ implements only plain string fields; the key is the same.
					if (headless) gd.addStringField(label, d, 40);
					else if (style.contains("directory")) gd.addDirectoryField(label, d, 40);
					else gd.addFileField(label, d, 40);
					break;
				}
				case STRING:
					gd.addStringField(label, def == null ? "" : def.toString(), 30);
					break;
				case CHOICE: {
					String[] choices = choices(item);
					String d = def == null ? choices[0] : def.toString();
					gd.addChoice(label, choices, d);
					break;
				}
				case ENUM: {
					Object[] constants = item.getType().getEnumConstants();
					String[] names = new String[constants.length];
					for (int i = 0; i < names.length; i++) names[i] = constants[i].toString();
					gd.addChoice(label, names, def == null ? names[0] : def.toString());
					break;
				}
				case INTEGER:
					gd.addNumericField(label, def == null ? 0 : ((Number) def).doubleValue(), 0);
					break;
				case REAL:
					gd.addNumericField(label, def == null ? 0 : ((Number) def).doubleValue(), decimals(item, def));
					break;
				case BOOLEAN:
					gd.addCheckbox(label, def != null && (Boolean) def);
					break;
				case IMAGE: {
					String[] titles = imageTitles();
					if (titles.length == 0) {
						if (item.isRequired())
							throw new FacemapException(title + " needs an open image (input '" + name + "')");
						// resolved as "no image", so that SciJava does not fill in a default (empty) ImagePlus
						module.setInput(name, null);
						module.resolveInput(name);
						continue;
					}
					ImagePlus current = WindowManager.getCurrentImage();
					gd.addChoice(label, titles, current == null ? titles[0] : current.getTitle());
					break;
				}
			}
			fields.add(new Field(item, kind));
		}
		if (fields.isEmpty() && gd.getMessage() == null) return true;
		List<ModuleItem<?>> shown = new ArrayList<>();
		for (Field f : fields) shown.add(f.item);
		String help = help(title, shown);
		if (help != null && !headless) gd.addHelp(help);
		gd.showDialog();
		if (gd.wasCanceled()) return false;
		for (Field f : fields) {
			Object value = read(gd, f, title);
			String name = f.item.getName();
			module.setInput(name, value);
			module.resolveInput(name);
		}
		if (!macro) PENDING.put(module, fields);
		return true;
	}

	/** Fields harvested from a dialog, remembered only once their command has succeeded. */
	private static final java.util.Map<Module, List<Field>> PENDING = java.util.Collections.synchronizedMap(
		new java.util.WeakHashMap<>());

	/**
	 * Remembers the values typed into the dialog of {@code module} for its next dialog; called when the command has
	 * succeeded, so that a value that made a run fail is not offered again (issue 11). Returns how many were saved.
	 */
	public static int persist(Module module, Context context) {
		List<Field> fields = PENDING.remove(module);
		if (fields == null) return 0;
		ModuleService moduleService = context.service(ModuleService.class);
		int n = 0;
		for (Field f : fields) {
			Object value = module.getInput(f.item.getName());
			if (f.item.isPersisted() && value != null) {
				save(moduleService, f.item, value);
				n++;
			}
		}
		return n;
	}

	/** Forgets the dialog values of a command that failed or was canceled. */
	public static void discard(Module module) {
		PENDING.remove(module);
	}

	/** The dialog label of an input: {@link #label(String, String)} of its field name and its label. */
	static String label(ModuleItem<?> item) {
		return label(item.getName(), item.getLabel());
	}

	/**
	 * A dialog label that reads as text and whose macro key is the field name. ImageJ1 takes the key from the label's
	 * first word (up to a space or colon, lower-cased) and shows underscores as spaces. So a human label that starts
	 * with the field's words ("Batch size" for {@code batch_size}, "Video file" for {@code video}) is shown as it is,
	 * its first words joined by underscores ("Batch_size", shown "Batch size"); any other is shown after the
	 * capitalised name ("Bbox: Bounding box y0,y1,x0,x1"). Underscores in the rest of a label are drawn as a look-alike
	 * (U+02CD) so that ImageJ does not turn "_FacemapPose.h5" into " FacemapPose.h5". (Before: "video (Video file)".)
	 */
	static String label(String name, String human) {
		String cap = Character.toUpperCase(name.charAt(0)) + name.substring(1);
		if (human == null || human.isBlank()) return cap;
		String[] words = human.trim().split(" +");
		String[] parts = name.split("_");
		if (words.length >= parts.length) {
			boolean same = true;
			for (int i = 0; i < parts.length; i++) same &= words[i].equalsIgnoreCase(parts[i]);
			if (same) {
				StringBuilder b = new StringBuilder(cap);
				for (int i = parts.length; i < words.length; i++) b.append(' ').append(words[i].replace('_', '\u02CD'));
				return b.toString();
			}
		}
		return cap + ": " + human.trim().replace('_', '\u02CD');
	}

	/** The descriptions of the dialog's fields as the HTML of its Help button (null when none has one). */
	static String help(String title, List<ModuleItem<?>> items) {
		StringBuilder b = new StringBuilder();
		for (ModuleItem<?> item : items) {
			String d = item.getDescription();
			if (d == null || d.isBlank()) continue;
			b.append("<tr><td valign=top><b>").append(escape(label(item).replace('_', ' '))).append("</b></td><td>")
				.append(escape(d)).append("</td></tr>");
		}
		if (b.length() == 0) return null;
		return "<html><h3>" + escape(title) + "</h3><table cellpadding=3>" + b + "</table><p>Macro keys are the first"
			+ " word of each label in lower case (spaces shown here are underscores there).</p></html>";
	}

	private static String escape(String s) {
		return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static Object read(GenericDialog gd, Field f, String title) {
		ModuleItem<?> item = f.item;
		String name = item.getName();
		switch (f.kind) {
			case FILE: {
				String s = gd.getNextString().trim();
				if (s.isEmpty()) {
					if (item.isRequired()) throw new FacemapException(title + ": no file given for '" + name + "'");
					return null;
				}
				return new File(s);
			}
			case STRING:
				return gd.getNextString();
			case CHOICE: {
				String s = gd.getNextChoice();
				String[] choices = choices(item);
				for (String c : choices)
					if (c.equals(s)) return s;
				throw new FacemapException(title + ": '" + s + "' is not a valid " + name + "; choose one of " +
					String.join(", ", choices));
			}
			case ENUM: {
				String s = gd.getNextChoice();
				for (Object c : item.getType().getEnumConstants())
					if (c.toString().equals(s)) return c;
				throw new FacemapException(title + ": '" + s + "' is not a valid " + name);
			}
			case INTEGER:
			case REAL: {
				double v = gd.getNextNumber();
				if (gd.invalidNumber() || Double.isNaN(v))
					throw new FacemapException(title + ": '" + name + "' must be a number");
				checkRange(item, v, title);
				return toType(item.getType(), v, name, title);
			}
			case BOOLEAN:
				return gd.getNextBoolean();
			case IMAGE: {
				String t = gd.getNextChoice();
				ImagePlus imp = WindowManager.getImage(t);
				if (imp == null) throw new FacemapException(title + ": no open image called '" + t + "' (input '" + name +
					"')");
				return imp;
			}
			default:
				throw new IllegalStateException(f.kind.toString());
		}
	}

	private static void checkRange(ModuleItem<?> item, double v, String title) {
		Object min = item.getMinimumValue(), max = item.getMaximumValue();
		if (min instanceof Number && v < ((Number) min).doubleValue() ||
			max instanceof Number && v > ((Number) max).doubleValue())
		{
			throw new FacemapException(title + ": '" + item.getName() + "' is " + format(v) + " but must be between " +
				(min == null ? "-inf" : min) + " and " + (max == null ? "inf" : max));
		}
	}

	private static Object toType(Class<?> t, double v, String name, String title) {
		if (t == double.class || t == Double.class) return v;
		if (t == float.class || t == Float.class) return (float) v;
		if (v != Math.rint(v)) throw new FacemapException(title + ": '" + name + "' must be a whole number, not " + v);
		if (t == int.class || t == Integer.class) return (int) v;
		if (t == long.class || t == Long.class) return (long) v;
		if (t == short.class || t == Short.class) return (short) v;
		if (t == byte.class || t == Byte.class) return (byte) v;
		throw new IllegalStateException("Unsupported number type " + t);
	}

	private static Kind kindOf(ModuleItem<?> item) {
		Class<?> t = item.getType();
		if (t == File.class) return Kind.FILE;
		if (t == String.class) return choices(item).length > 0 ? Kind.CHOICE : Kind.STRING;
		if (t.isEnum()) return Kind.ENUM;
		if (t == boolean.class || t == Boolean.class) return Kind.BOOLEAN;
		if (t == int.class || t == Integer.class || t == long.class || t == Long.class || t == short.class ||
			t == Short.class || t == byte.class || t == Byte.class) return Kind.INTEGER;
		if (t == double.class || t == Double.class || t == float.class || t == Float.class) return Kind.REAL;
		if (t == ImagePlus.class) return Kind.IMAGE;
		return null;
	}

	/** Whether SciJava injects this type (services, the context, loggers) rather than asking the user. */
	public static boolean isInjectedType(Class<?> t) {
		return Service.class.isAssignableFrom(t) || Context.class.isAssignableFrom(t) ||
			Logger.class.isAssignableFrom(t);
	}

	private static String[] imageTitles() {
		int[] ids = WindowManager.getIDList();
		if (ids == null) return new String[0];
		List<String> titles = new ArrayList<>();
		for (int id : ids) {
			ImagePlus imp = WindowManager.getImage(id);
			if (imp != null && imp.getTitle() != null && !imp.getTitle().isEmpty()) titles.add(imp.getTitle());
		}
		return titles.toArray(new String[0]);
	}

	private static String[] choices(ModuleItem<?> item) {
		List<?> c = item.getChoices();
		if (c == null) return new String[0];
		String[] out = new String[c.size()];
		for (int i = 0; i < out.length; i++) out[i] = String.valueOf(c.get(i));
		return out;
	}

	private static String style(ModuleItem<?> item) {
		String s = item.getWidgetStyle();
		return s == null ? "" : s.toLowerCase(Locale.ROOT);
	}

	private static int decimals(ModuleItem<?> item, Object def) {
		Number step = item.getStepSize();
		double s = step == null ? 0 : step.doubleValue();
		if (s > 0 && s < 1) return Math.min(9, (int) Math.ceil(-Math.log10(s)));
		if (def instanceof Number) {
			double d = ((Number) def).doubleValue();
			if (d != Math.rint(d)) return 4;
		}
		return 3;
	}

	private static String format(double v) {
		return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
	}

	@SuppressWarnings("unchecked")
	private static <T> void save(ModuleService ms, ModuleItem<T> item, Object value) {
		ms.save(item, (T) value);
	}
}
