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
package sc.fiji.facemap.neural;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.io.CsvMatrix;
import sc.fiji.facemap.io.DataFiles;
import sc.fiji.facemap.io.DataRef;
import sc.fiji.facemap.io.H5Arrays;
import sc.fiji.facemap.io.MatFiles;
import sc.fiji.facemap.io.Npy;
import sc.fiji.facemap.io.PoseH5;
import sc.fiji.facemap.io.Tensor;
import sc.fiji.facemap.keypoints.Keypoints;
import sc.fiji.facemap.pose.OutlierFilter;
import sc.fiji.facemap.task.Progress;

/**
 * Builds {@link NeuralInputs} from files ({@link NeuralSources}), checking them and stating every assumption.
 * <p>
 * <b>Behaviour</b> is one of: a {@code _FacemapPose.h5} (ours or Facemap's; reference 6.3: the keypoints in
 * Facemap's order, Facemap's outlier filter per keypoint, which also interpolates over frames where a keypoint is
 * missing, columns {@code kp x, kp y}, z-scored; the paw left out on request); a {@code _proc.npy} dict (the
 * full-video motion SVD {@code motSVD[0]}, time x components; {@code FILE:movSVD} for the movie SVD,
 * {@code FILE:motSVD_1} for ROI 1); or any matrix.
 * <p>
 * <b>Neural activity</b> is a matrix (neurons x time for {@code .npy}, Suite2p's {@code spks.npy}), or several
 * series named as struct fields ({@code FILE.mat:D.neuron*}).
 * <p>
 * A variable may be a MATLAB cell of trials (each a vector): the trials are joined into one series and their
 * numbers become trial ids (so that whole trials are held out). Several variables ({@code D.pupil_zscore,D.speed}
 * or {@code vel,pos}) are joined side by side: a vector or a cell of trials is one column, a matrix gives its columns
 * (rows = time). A pattern ({@code D.neuron*}) selects one series per matching field, which may be a vector, a cell
 * of trials or a trials x samples matrix (joined trial by trial).
 * <p>
 * <b>Which axis is time</b> ({@link InputLayout#AUTO}): the axis whose length equals the stream's timestamps, else
 * the axis whose length equals the other stream's time length, else Facemap's convention for {@code .npy} and
 * {@code .csv} (behaviour time x features, neural neurons x time), said in a notice. When the evidence fits both axes,
 * or there is none for a {@code .mat} or {@code .h5} matrix, the shape is ambiguous: an error names the option.
 * <p>
 * <b>Checks and handling</b>: timestamps must be 1-D, finite, strictly increasing, one per sample, and given for both
 * streams or for neither; streams whose times do not overlap are an error; neural samples outside the behaviour's
 * time span are dropped (a notice says how many). Without timestamps both streams are taken to span the same time
 * (Facemap's convention), and a notice says so. Infinite values are an error. NaN values are filled by linear
 * interpolation along time within each column (held at the ends; a notice counts them); a column that is all NaN, or
 * constant, is dropped with a warning (for neurons, their positions go too; {@link Loaded#neuronIndices()} maps the
 * kept neurons back). Neuron positions must have one (x, y) row per neuron.
 */
public final class NeuralFiles {

	/**
	 * The inputs ready for {@link NeuralEncoder#fit}, and what was done to get them.
	 *
	 * @param inputs the data
	 * @param neuronIndices for each kept neuron its index in the file (dropped neurons are missing)
	 * @param originalNeurons how many neurons the file has
	 * @param notices assumptions and warnings, in the order they arose (also sent to the progress log)
	 * @param behaviorKind "keypoints", "svd" or "matrix"
	 */
	public record Loaded(NeuralInputs inputs, int[] neuronIndices, int originalNeurons, List<String> notices, String behaviorKind) {
	}

	/** One stream as read: rows x cols, with rows = time when {@code timeKnown}. */
	private static final class Block {
		final String role, option;
		final DataRef ref;
		double[][] m;
		boolean timeKnown;
		int[] trials;
		List<String> names;
		String format;

		Block(String role, String option, DataRef ref) {
			this.role = role;
			this.option = option;
			this.ref = ref;
		}

		int rows() {
			return m.length;
		}

		int cols() {
			return m.length == 0 ? 0 : m[0].length;
		}

		Path file() {
			return ref.file();
		}

		String shape() {
			return rows() + " x " + cols();
		}

		void transpose() {
			int r = rows(), c = cols();
			double[][] t = new double[c][r];
			for (int i = 0; i < r; i++)
				for (int j = 0; j < c; j++) t[j][i] = m[i][j];
			m = t;
		}
	}

	/** Fewer samples than this are never taken for a time axis when inferring layouts (the split needs 8). */
	private static final int MIN_SAMPLES = 8;

	private NeuralFiles() {}

	/** Reads, checks and prepares the inputs; notices go to {@code progress.log} and into the result. */
	public static Loaded load(NeuralSources src, Progress progress) {
		Progress p = progress == null ? Progress.NONE : progress;
		src.requireFiles();
		List<String> notices = new ArrayList<>();
		Notices say = line -> {
			notices.add(line);
			p.log(line);
		};

		Block beh = new Block("behaviour", "behavior_layout", DataRef.parse(src.behavior()));
		String kind = readBehavior(beh, src, say);
		Block neu = new Block("neural activity", "neural_layout", DataRef.parse(src.neural()));
		readSeries(neu, "neural");

		double[] tb = src.behaviorTimes() == null ? null : readTimes(DataRef.parse(src.behaviorTimes()), "behaviour timestamps");
		double[] tn = src.neuralTimes() == null ? null : readTimes(DataRef.parse(src.neuralTimes()), "neural timestamps");
		if ((tb == null) != (tn == null)) {
			String given = tb != null ? src.behaviorTimes() : src.neuralTimes();
			throw new FacemapException(DataRef.parse(given).file(), (tb != null ? "behaviour" : "neural") + " timestamps are given but " + (tb != null ? "neural" : "behaviour") +
				" timestamps are not: give " + (tb != null ? "neural_times (--neural-times)" : "behavior_times (--behavior-times)") + " too, or neither");
		}

		resolveLayouts(beh, src.behaviorLayout(), tb, src.behaviorTimes(), neu, src.neuralLayout(), tn, src.neuralTimes(), say);
		// now rows = time for both
		checkTimesLength(tb, beh, src.behaviorTimes());
		checkTimesLength(tn, neu, src.neuralTimes());

		// trials: one id per neural sample
		int[] trials = neu.trials;
		if (beh.trials != null) {
			if (trials == null && beh.rows() == neu.rows()) trials = beh.trials;
			else if (trials != null && !Arrays.equals(trials, beh.trials))
				throw new FacemapException(beh.file(), "its trials (" + count(beh.trials) + ") do not line up with the neural activity's (" + count(trials) + ")");
		}

		// timestamps: overlap and cropping
		if (tb != null) {
			double b0 = tb[0], b1 = tb[tb.length - 1];
			if (tn[tn.length - 1] < b0 || tn[0] > b1)
				throw new FacemapException(DataRef.parse(src.neuralTimes()).file(), "the neural timestamps [" + tn[0] + ", " + tn[tn.length - 1] +
					"] do not overlap the behaviour timestamps [" + b0 + ", " + b1 + "]: are they in the same clock?");
			int lo = 0, hi = tn.length;
			while (lo < hi && tn[lo] < b0) lo++;
			while (hi > lo && tn[hi - 1] > b1) hi--;
			if (lo > 0 || hi < tn.length) {
				say.add("neural activity: " + (lo + tn.length - hi) + " of " + tn.length + " neural samples lie outside the behaviour's time span [" + b0 + ", " + b1 +
					"] and are dropped (" + lo + " at the start, " + (tn.length - hi) + " at the end)");
				neu.m = Arrays.copyOfRange(neu.m, lo, hi);
				tn = Arrays.copyOfRange(tn, lo, hi);
				if (trials != null) trials = Arrays.copyOfRange(trials, lo, hi);
			}
		}
		else {
			say.add("no timestamps: both streams are taken to span the same time (Facemap's convention): " + beh.rows() + " behaviour frames and " + neu.rows() +
				" neural samples" + (beh.rows() == neu.rows() ? ", one frame per sample" : ""));
		}

		// clean columns
		boolean[] keepB = clean(beh, say, "behaviour", "feature");
		boolean[] keepN = clean(neu, say, "neural activity", "neuron");
		int nOrig = keepN.length;
		int[] neuronIndices = indices(keepN);
		if (neuronIndices.length == 0) throw new FacemapException(neu.file(), "no neuron is left: every neuron is constant or NaN");
		if (indices(keepB).length == 0) throw new FacemapException(beh.file(), "no behaviour column is left: every column is constant or NaN");

		float[][] behavior = new float[beh.rows()][];
		int[] kb = indices(keepB);
		boolean z = src.zscore() || "keypoints".equals(kind);
		double[] mean = new double[kb.length], sd = new double[kb.length];
		if (z) for (int j = 0; j < kb.length; j++) {
			double s = 0, ss = 0;
			for (double[] r : beh.m) s += r[kb[j]];
			mean[j] = s / beh.rows();
			for (double[] r : beh.m) ss += (r[kb[j]] - mean[j]) * (r[kb[j]] - mean[j]);
			sd[j] = Math.sqrt(ss / beh.rows());
		}
		for (int t = 0; t < beh.rows(); t++) {
			float[] row = new float[kb.length];
			for (int j = 0; j < kb.length; j++) row[j] = (float) (z ? (beh.m[t][kb[j]] - mean[j]) / sd[j] : beh.m[t][kb[j]]);
			behavior[t] = row;
		}
		List<String> names = new ArrayList<>();
		for (int j : kb) names.add(beh.names != null ? beh.names.get(j) : "f" + j);

		float[][] neural = new float[neuronIndices.length][neu.rows()];
		for (int i = 0; i < neuronIndices.length; i++)
			for (int t = 0; t < neu.rows(); t++) neural[i][t] = (float) neu.m[t][neuronIndices[i]];

		float[][] pos = src.positions() == null ? null : readPositions(DataRef.parse(src.positions()), nOrig, neuronIndices);

		if (trials != null && trials.length != neu.rows()) trials = null;
		NeuralInputs in;
		try {
			in = new NeuralInputs(behavior, tb, neural, tn, trials, pos, names);
		}
		catch (FacemapException e) {
			throw new FacemapException(neu.file(), e.getMessage(), e);
		}
		if (trials != null) say.add("neural activity: " + count(trials) + " trials of " + neu.rows() / Math.max(1, count(trials)) + " samples on average, joined into one series; whole trials are held out");
		return new Loaded(in, neuronIndices, nOrig, List.copyOf(notices), kind);
	}

	@FunctionalInterface
	private interface Notices {
		void add(String line);
	}

	// ---- behaviour ----

	private static String readBehavior(Block b, NeuralSources src, Notices say) {
		DataRef ref = b.ref;
		String ext = ref.extension();
		if ((ext.equals("h5") || ext.equals("hdf5")) && ref.variable() == null && isPoseFile(ref.file())) {
			readPose(b, src.excludePaw(), say);
			return "keypoints";
		}
		if (ext.equals("npy") && !java.nio.file.Files.isRegularFile(ref.file())) throw new FacemapException(ref.file(), "no such file");
		if (ext.equals("npy")) {
			Object o = Npy.read(ref.file());
			if (o instanceof Map) {
				@SuppressWarnings("unchecked")
				Map<String, Object> dict = stringKeys((Map<Object, Object>) o);
				if (dict.containsKey("motSVD") || dict.containsKey("movSVD")) {
					readSvd(b, dict, say);
					return "svd";
				}
			}
		}
		readSeries(b, "behavior");
		return "matrix";
	}

	private static Map<String, Object> stringKeys(Map<Object, Object> m) {
		Map<String, Object> out = new java.util.LinkedHashMap<>();
		for (Map.Entry<Object, Object> e : m.entrySet()) out.put(String.valueOf(e.getKey()), e.getValue());
		return out;
	}

	private static boolean isPoseFile(Path file) {
		if (file.getFileName().toString().endsWith(sc.fiji.facemap.job.OutputLayout.POSE_H5)) return true;
		if (!java.nio.file.Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		if (!H5Arrays.isHdf5(file)) return false;
		List<String> ds = H5Arrays.datasets(file);
		if (ds.isEmpty()) return false;
		for (String d : ds)
			if (!(d.endsWith("/x") || d.endsWith("/y") || d.endsWith("/likelihood"))) return false;
		return true;
	}

	private static void readPose(Block b, boolean excludePaw, Notices say) {
		Keypoints kp = PoseH5.read(b.file());
		int n = kp.frames(), k = kp.keypoints();
		List<Integer> use = new ArrayList<>();
		for (int j = 0; j < k; j++) {
			if (excludePaw && kp.keypointSet().name(j).equalsIgnoreCase("paw")) continue;
			use.add(j);
		}
		if (excludePaw && use.size() == k) say.add("behaviour: exclude_paw was asked but " + b.file().getFileName() + " has no keypoint named 'paw'");
		OutlierFilter filter = new OutlierFilter();
		double[][] m = new double[n][2 * use.size()];
		List<String> names = new ArrayList<>();
		for (int c = 0; c < use.size(); c++) {
			int j = use.get(c);
			double[] x = new double[n], y = new double[n];
			for (int f = 0; f < n; f++) {
				x[f] = kp.x(f, j);
				y[f] = kp.y(f, j);
			}
			filter.filter(x, y); // Facemap's filter_outliers, interpolating over missing frames too
			for (int f = 0; f < n; f++) {
				m[f][2 * c] = x[f];
				m[f][2 * c + 1] = y[f];
			}
			String name = kp.keypointSet().name(j);
			names.add(name + " x");
			names.add(name + " y");
		}
		b.m = m;
		b.names = names;
		b.timeKnown = true;
		b.format = "pose";
		say.add("behaviour: " + use.size() + " keypoints (" + names.size() + " columns) from " + b.file().getFileName() + ", outlier-filtered and z-scored (Facemap 6.3)" +
			(excludePaw && use.size() < k ? ", paw left out" : ""));
	}

	private static void readSvd(Block b, Map<String, Object> dict, Notices say) {
		String var = b.ref.variable() == null ? "motSVD" : b.ref.variable();
		String base = var.replaceFirst("_\\d+$", "");
		Object raw = dict.get(base);
		if (raw instanceof Boolean)
			throw new FacemapException(b.file(), "this _proc.npy is a saved ROI settings file ('" + base + "' is a flag, not an SVD); process the video first");
		Object v = DataFiles.select(dict, var, b.file());
		String what = var;
		if (v instanceof List) {
			List<?> l = (List<?>) v;
			if (l.isEmpty()) throw new FacemapException(b.file(), "'" + base + "' is empty (the SVD was not computed)");
			v = l.get(0);
			what = base + "[0]";
		}
		if (!(v instanceof Tensor) || ((Tensor) v).rank() != 2)
			throw new FacemapException(b.file(), "'" + what + "' should be a frames x components matrix, found " + describe(v));
		Tensor t = (Tensor) v;
		long[] s = t.shape();
		if (s[0] == 0 || s[1] == 0 || (s[0] <= 1 && var.equals(base)))
			throw new FacemapException(b.file(), "'" + what + "' is empty: the SVD was computed per ROI, not over the whole video (fullSVD off); use FILE:" + base +
				"_1 for the first ROI");
		b.m = rows(t);
		b.timeKnown = true;
		b.format = "svd";
		b.names = new ArrayList<>();
		for (int j = 0; j < s[1]; j++) b.names.add(what + " " + j);
		say.add("behaviour: " + what + " from " + b.file().getFileName() + " (" + s[0] + " frames x " + s[1] + " components)");
	}

	// ---- generic series ----

	private static final Pattern GLOB = Pattern.compile("[*?]");

	/** Reads a matrix or a set of series into b; option prefix for messages ("behavior" or "neural"). */
	private static void readSeries(Block b, String option) {
		DataRef ref = b.ref;
		Path file = ref.file();
		if (!java.nio.file.Files.isRegularFile(file)) throw new FacemapException(file, "no such file");
		String ext = ref.extension();
		b.format = ext.equals("mat") || (!ext.equals("npy") && !ext.equals("csv") && !ext.equals("h5") && !ext.equals("hdf5") && MatFiles.isMatFile(file)) ? "mat" : ext;
		if (ext.equals("csv") || ext.equals("tsv") || ext.equals("txt")) {
			CsvMatrix.Table tab = CsvMatrix.read(file);
			b.m = tab.rows();
			b.names = tab.names();
			b.timeKnown = false;
			if (b.rows() == 0) throw new FacemapException(file, "the CSV file has no data rows");
			return;
		}
		List<String> parts = ref.variable() == null ? List.of() : List.of(ref.variable().split(","));
		if (parts.size() <= 1 && (parts.isEmpty() || !GLOB.matcher(parts.get(0)).find())) {
			Object v = DataFiles.read(ref);
			String name = ref.variable() == null ? file.getFileName().toString() : ref.variable();
			if (v instanceof Tensor) {
				Tensor t = (Tensor) v;
				if (isVector(t)) {
					b.m = column(t.doubles());
					b.timeKnown = true;
					b.names = new ArrayList<>(List.of(name));
					return;
				}
				if (t.rank() != 2) throw new FacemapException(file, "'" + name + "' should be a 2-D matrix, found shape " + Arrays.toString(t.shape()));
				b.m = rows(t);
				b.timeKnown = false;
				return;
			}
			if (v instanceof List) {
				Series s = series(v, file, name);
				b.m = column(s.values);
				b.trials = s.trials;
				b.timeKnown = true;
				b.names = new ArrayList<>(List.of(name));
				return;
			}
			if (v instanceof Map)
				throw new FacemapException(file, "'" + name + "' is a struct (or dict) with fields " + String.join(", ", keys((Map<?, ?>) v)) + "; name fields as FILE:" + name +
					".field, several as FILE:" + name + ".a," + name + ".b or FILE:" + name + ".prefix*");
			throw new FacemapException(file, "'" + name + "' is a " + describe(v) + ", not numeric data");
		}
		// several series: one column each
		java.util.Set<String> fromPattern = new java.util.HashSet<>();
		List<String> names = expand(ref, parts, fromPattern);
		List<Series> cols = new ArrayList<>();
		Map<String, Object> mat = b.format.equals("mat") ? MatFiles.read(file) : null;
		Map<String, Object> npy = null;
		if (ext.equals("npy")) {
			Object o = Npy.read(file);
			if (!(o instanceof Map)) throw new FacemapException(file, "several variables were named, but this .npy holds a " + DataFiles.describe(o));
			@SuppressWarnings("unchecked")
			Map<String, Object> d = stringKeys((Map<Object, Object>) o);
			npy = d;
		}
		List<String> colNames = new ArrayList<>();
		for (String n : names) {
			Object v = mat != null ? DataFiles.select(mat, n, file) : npy != null ? DataFiles.select(npy, n, file) : H5Arrays.read(file, n);
			if (v instanceof Tensor && ((Tensor) v).rank() == 2 && !isVector((Tensor) v) && !fromPattern.contains(n)) {
				// a named matrix: time x columns, joined side by side
				double[][] r = rows((Tensor) v);
				for (int j = 0; j < r[0].length; j++) {
					double[] c = new double[r.length];
					for (int t = 0; t < r.length; t++) c[t] = r[t][j];
					cols.add(new Series(c, null));
					colNames.add(n + "[" + j + "]");
				}
				continue;
			}
			cols.add(series(v, file, n));
			colNames.add(n);
		}
		names = colNames;
		int T = cols.get(0).values.length;
		for (int i = 1; i < cols.size(); i++)
			if (cols.get(i).values.length != T)
				throw new FacemapException(file, "'" + names.get(i) + "' has " + cols.get(i).values.length + " samples, '" + names.get(0) + "' has " + T);
		int[] trials = cols.get(0).trials;
		for (int i = 1; i < cols.size(); i++)
			if (!Arrays.equals(trials, cols.get(i).trials))
				throw new FacemapException(file, "'" + names.get(i) + "' is split into trials differently from '" + names.get(0) + "'");
		double[][] m = new double[T][cols.size()];
		for (int j = 0; j < cols.size(); j++) {
			double[] v = cols.get(j).values;
			for (int t = 0; t < T; t++) m[t][j] = v[t];
		}
		b.m = m;
		b.trials = trials;
		b.timeKnown = true;
		b.names = names;
	}

	private static List<String> keys(Map<?, ?> m) {
		List<String> k = new ArrayList<>();
		for (Object o : m.keySet()) k.add(String.valueOf(o));
		return k;
	}

	/** Expands patterns like {@code D.neuron*} against the fields (or dataset paths) there are, in file order. */
	private static List<String> expand(DataRef ref, List<String> parts, java.util.Set<String> fromPattern) {
		Path file = ref.file();
		List<String> out = new ArrayList<>();
		Map<String, Object> mat = null;
		List<String> datasets = null;
		Map<String, Object> npy = null;
		for (String raw : parts) {
			String part = raw.trim();
			if (part.isEmpty()) continue;
			if (!GLOB.matcher(part).find()) {
				out.add(part);
				continue;
			}
			List<String> candidates = new ArrayList<>();
			String ext = ref.extension();
			if (ext.equals("h5") || ext.equals("hdf5")) {
				if (datasets == null) datasets = H5Arrays.datasets(file);
				candidates.addAll(datasets);
			}
			else {
				int dot = part.lastIndexOf('.');
				String parent = dot < 0 ? "" : part.substring(0, dot);
				Map<String, Object> root;
				if (ext.equals("npy")) {
					if (npy == null) {
						Object o = Npy.read(file);
						if (!(o instanceof Map)) throw new FacemapException(file, "'" + part + "' names keys of a dict, but this .npy holds a " + DataFiles.describe(o));
						@SuppressWarnings("unchecked")
						Map<String, Object> d = stringKeys((Map<Object, Object>) o);
						npy = d;
					}
					root = npy;
				}
				else {
					if (mat == null) mat = MatFiles.read(file);
					root = mat;
				}
				Object container = parent.isEmpty() ? root : DataFiles.select(root, parent, file);
				if (!(container instanceof Map)) throw new FacemapException(file, "'" + parent + "' is not a struct, so '" + part + "' matches nothing");
				for (Object k : ((Map<?, ?>) container).keySet()) candidates.add(parent.isEmpty() ? String.valueOf(k) : parent + "." + k);
			}
			Pattern re = Pattern.compile(globToRegex(part));
			int before = out.size();
			for (String c : candidates)
				if (re.matcher(c).matches()) {
					out.add(c);
					fromPattern.add(c);
				}
			if (out.size() == before) throw new FacemapException(file, "'" + part + "' matches nothing; there are: " + String.join(", ", candidates));
		}
		if (out.isEmpty()) throw new FacemapException(file, "no variable named after ':'");
		return out;
	}

	private static String globToRegex(String g) {
		StringBuilder b = new StringBuilder();
		for (char c : g.toCharArray()) {
			if (c == '*') b.append("[^.]*");
			else if (c == '?') b.append("[^.]");
			else b.append(Pattern.quote(String.valueOf(c)));
		}
		return b.toString();
	}

	private record Series(double[] values, int[] trials) {
	}

	/** One series: a vector, a cell of trial vectors, or a trials x samples matrix. */
	private static Series series(Object v, Path file, String name) {
		if (v instanceof Tensor) {
			Tensor t = (Tensor) v;
			if (isVector(t)) return new Series(t.doubles(), null);
			if (t.rank() == 2) {
				long[] s = t.shape();
				int n = (int) s[0], len = (int) s[1];
				int[] trials = new int[n * len];
				for (int i = 0; i < n; i++) Arrays.fill(trials, i * len, (i + 1) * len, i);
				return new Series(t.doubles(), trials); // row-major: trial by trial
			}
			throw new FacemapException(file, "'" + name + "' has shape " + Arrays.toString(t.shape()) + "; expected a vector, a cell of trials or a trials x samples matrix");
		}
		if (v instanceof List) {
			List<?> l = (List<?>) v;
			if (l.isEmpty()) throw new FacemapException(file, "'" + name + "' is an empty cell");
			List<double[]> parts = new ArrayList<>();
			int total = 0;
			for (int i = 0; i < l.size(); i++) {
				Object e = l.get(i);
				if (!(e instanceof Tensor) || !isVector((Tensor) e))
					throw new FacemapException(file, "'" + name + "' trial " + (i + 1) + " is a " + describe(e) + "; each trial should be a vector of samples");
				double[] d = ((Tensor) e).doubles();
				parts.add(d);
				total += d.length;
			}
			double[] values = new double[total];
			int[] trials = new int[total];
			int k = 0;
			for (int i = 0; i < parts.size(); i++) {
				double[] d = parts.get(i);
				System.arraycopy(d, 0, values, k, d.length);
				Arrays.fill(trials, k, k + d.length, i);
				k += d.length;
			}
			return new Series(values, trials);
		}
		throw new FacemapException(file, "'" + name + "' is a " + describe(v) + "; expected numeric data");
	}

	private static boolean isVector(Tensor t) {
		long[] s = t.shape();
		if (s.length == 1) return true;
		int big = 0;
		for (long d : s)
			if (d != 1) big++;
		return big <= 1;
	}

	private static String describe(Object v) {
		return DataFiles.describe(v);
	}

	private static double[][] rows(Tensor t) {
		long[] s = t.shape();
		int r = (int) s[0], c = (int) s[1];
		double[] d = t.doubles();
		double[][] m = new double[r][c];
		for (int i = 0; i < r; i++) System.arraycopy(d, i * c, m[i], 0, c);
		return m;
	}

	private static double[][] column(double[] v) {
		double[][] m = new double[v.length][1];
		for (int i = 0; i < v.length; i++) m[i][0] = v[i];
		return m;
	}

	// ---- layouts ----

	private static String optionText(Block b) {
		return b.option + " (--" + b.option.replace('_', '-') + ")";
	}

	private static String choices(Block b) {
		return b.role.equals("behaviour") ? "time-by-feature or feature-by-time" : "neurons-by-time or time-by-neurons";
	}

	private static void resolveLayouts(Block beh, InputLayout lb, double[] tb, String tbSpec, Block neu, InputLayout ln, double[] tn, String tnSpec, Notices say) {
		decide(beh, lb, tb, tbSpec);
		decide(neu, ln, tn, tnSpec);
		if (!beh.timeKnown && !neu.timeKnown) {
			int[] bOpts = { beh.rows(), beh.cols() }, nOpts = { neu.rows(), neu.cols() };
			int matches = 0, bi = -1, ni = -1;
			for (int i = 0; i < 2; i++)
				for (int j = 0; j < 2; j++)
					if (bOpts[i] == nOpts[j] && bOpts[i] >= MIN_SAMPLES) {
						matches++;
						bi = i;
						ni = j;
					}
			if (matches == 1 && (beh.rows() == beh.cols() || neu.rows() == neu.cols())) {
				Block sq = beh.rows() == beh.cols() ? beh : neu;
				Block other = sq == beh ? neu : beh;
				throw new FacemapException(sq.file(), "the " + sq.role + " matrix is " + sq.shape() + ": both axes match the other stream's " + (sq == beh ? nOpts[ni] : bOpts[bi]) +
					" samples (" + other.ref + "); give " + optionText(sq) + " " + choices(sq));
			}
			if (matches > 1)
				throw new FacemapException(neu.file(), "cannot tell which axes are time: the behaviour matrix (" + beh.shape() + ") and the neural matrix (" + neu.shape() +
					") share more than one length; give " + optionText(beh) + " and " + optionText(neu));
			if (matches == 1) {
				if (bi == 1) beh.transpose();
				if (ni == 1) neu.transpose();
				beh.timeKnown = neu.timeKnown = true;
				say.add("time axes inferred from the common length " + beh.rows() + ": behaviour " + layoutWord(beh, bi) + ", neural activity " + layoutWord(neu, ni));
			}
		}
		if (!beh.timeKnown && neu.timeKnown) matchOther(beh, neu.rows(), say);
		if (!neu.timeKnown && beh.timeKnown) matchOther(neu, beh.rows(), say);
		if (!beh.timeKnown) convention(beh, say);
		if (!neu.timeKnown) convention(neu, say);
	}

	private static String layoutWord(Block b, int timeAxis) {
		boolean neural = !b.role.equals("behaviour");
		return timeAxis == 0 ? (neural ? "time-by-neurons" : "time-by-feature") : (neural ? "neurons-by-time" : "feature-by-time");
	}

	/** Applies a given layout or the timestamps. */
	private static void decide(Block b, InputLayout layout, double[] times, String timesSpec) {
		if (b.timeKnown) return; // vectors, trial cells, keypoints and SVDs fix their time axis
		if (layout == InputLayout.TIME_BY_FEATURE) {
			b.timeKnown = true;
			return;
		}
		if (layout == InputLayout.FEATURE_BY_TIME) {
			b.transpose();
			b.timeKnown = true;
			return;
		}
		if (times == null) return;
		boolean r = b.rows() == times.length, c = b.cols() == times.length;
		if (r && c)
			throw new FacemapException(b.file(), "the " + b.role + " matrix is " + b.shape() + " and its timestamps have " + times.length +
				" values (" + timesSpec + "), so either axis could be time; give " + optionText(b) + " " + choices(b));
		if (!r && !c)
			throw new FacemapException(b.file(), "the " + b.role + " matrix is " + b.shape() + " but its timestamps (" + timesSpec + ") have " + times.length + " values; neither axis matches");
		if (c) b.transpose();
		b.timeKnown = true;
	}

	private static void matchOther(Block b, int otherT, Notices say) {
		if (otherT < MIN_SAMPLES) return;
		boolean r = b.rows() == otherT, c = b.cols() == otherT;
		if (r && c)
			throw new FacemapException(b.file(), "the " + b.role + " matrix is " + b.shape() + ": both axes match the other stream's " + otherT + " samples; give " +
				optionText(b) + " " + choices(b));
		if (!r && !c) return;
		if (c) b.transpose();
		b.timeKnown = true;
		say.add(b.role + ": time axis inferred from the other stream's length " + otherT + " (" + layoutWord(b, c ? 1 : 0) + ")");
	}

	private static void convention(Block b, Notices say) {
		boolean npyOrCsv = b.format.equals("npy") || b.format.equals("csv") || b.format.equals("tsv") || b.format.equals("txt");
		if (!npyOrCsv)
			throw new FacemapException(b.file(), "cannot tell which axis of the " + b.role + " matrix (" + b.shape() +
				") is time: no timestamps, and neither axis matches the other stream; give " + optionText(b) + " " + choices(b));
		if (b.role.equals("behaviour")) {
			say.add("behaviour: " + b.shape() + " taken as time-by-feature (Facemap's convention; " + optionText(b) + " changes it)");
		}
		else {
			b.transpose();
			say.add("neural activity: " + b.cols() + " x " + b.rows() + " taken as neurons-by-time (Facemap's and Suite2p's convention; " + optionText(b) + " changes it)");
		}
		b.timeKnown = true;
	}

	// ---- timestamps, positions ----

	private static double[] readTimes(DataRef ref, String what) {
		Object v = DataFiles.read(ref);
		if (!(v instanceof Tensor)) throw new FacemapException(ref.file(), what + " should be a 1-D numeric array, found " + describe(v));
		Tensor t = (Tensor) v;
		if (!isVector(t)) throw new FacemapException(ref.file(), what + " should be a 1-D array, found shape " + Arrays.toString(t.shape()));
		double[] d = t.doubles();
		if (d.length < 2) throw new FacemapException(ref.file(), what + " have " + d.length + " values; at least 2 are needed");
		for (int i = 0; i < d.length; i++) {
			if (!Double.isFinite(d[i])) throw new FacemapException(ref.file(), what + ": value " + i + " is " + d[i]);
			if (i > 0 && !(d[i] > d[i - 1]))
				throw new FacemapException(ref.file(), what + " are not strictly increasing: value " + i + " (" + d[i] + ") follows " + d[i - 1]);
		}
		return d;
	}

	private static void checkTimesLength(double[] t, Block b, String spec) {
		if (t == null) return;
		if (t.length != b.rows())
			throw new FacemapException(DataRef.parse(spec).file(), "has " + t.length + " timestamps but the " + b.role + " has " + b.rows() +
				(b.role.equals("behaviour") ? " frames" : " samples") + " (" + b.ref + ")");
	}

	private static float[][] readPositions(DataRef ref, int neurons, int[] keep) {
		Object v = DataFiles.read(ref);
		if (!(v instanceof Tensor) || ((Tensor) v).rank() != 2)
			throw new FacemapException(ref.file(), "neuron positions should be a neurons x 2 matrix (x, y), found " + describe(v));
		Tensor t = (Tensor) v;
		long[] s = t.shape();
		double[] d = t.doubles();
		boolean rowsAreNeurons;
		if (s[0] == neurons && s[1] >= 2) rowsAreNeurons = true;
		else if (s[1] == neurons && s[0] >= 2) rowsAreNeurons = false;
		else throw new FacemapException(ref.file(), "neuron positions are " + s[0] + " x " + s[1] + " but there are " + neurons + " neurons; expected " + neurons + " x 2 (x, y)");
		float[][] pos = new float[keep.length][2];
		for (int i = 0; i < keep.length; i++) {
			int n = keep[i];
			for (int k = 0; k < 2; k++) {
				double x = rowsAreNeurons ? d[(int) (n * s[1] + k)] : d[(int) (k * s[1] + n)];
				if (!Double.isFinite(x)) throw new FacemapException(ref.file(), "neuron " + n + " has position " + (k == 0 ? "x" : "y") + " = " + x);
				pos[i][k] = (float) x;
			}
		}
		return pos;
	}

	// ---- cleaning ----

	/** Fills NaN by interpolation, drops all-NaN and constant columns; rejects infinities. */
	private static boolean[] clean(Block b, Notices say, String role, String unit) {
		int T = b.rows(), C = b.cols();
		boolean[] keep = new boolean[C];
		List<String> allNan = new ArrayList<>(), constant = new ArrayList<>();
		long filled = 0;
		int colsFilled = 0;
		double[] col = new double[T];
		for (int j = 0; j < C; j++) {
			int nan = 0;
			for (int t = 0; t < T; t++) {
				double x = b.m[t][j];
				if (Double.isInfinite(x))
					throw new FacemapException(b.file(), role + " " + unit + " " + label(b, j) + " is " + x + " at sample " + t + " (infinite values cannot be used)");
				if (Double.isNaN(x)) nan++;
				col[t] = x;
			}
			if (nan == T) {
				allNan.add(label(b, j));
				continue;
			}
			if (nan > 0) {
				interpolate(col);
				for (int t = 0; t < T; t++) b.m[t][j] = col[t];
				filled += nan;
				colsFilled++;
			}
			double first = b.m[0][j];
			boolean same = true;
			for (int t = 1; t < T && same; t++) same = b.m[t][j] == first;
			if (same) {
				constant.add(label(b, j));
				continue;
			}
			keep[j] = true;
		}
		if (filled > 0) say.add(role + ": " + filled + " NaN values in " + colsFilled + " " + unit + (colsFilled == 1 ? "" : "s") + " filled by linear interpolation along time");
		if (!allNan.isEmpty()) say.add("warning: " + role + ": " + allNan.size() + " " + unit + (allNan.size() == 1 ? " is" : "s are") + " NaN throughout and dropped: " + list(allNan));
		if (!constant.isEmpty()) say.add("warning: " + role + ": " + constant.size() + " constant " + unit + (constant.size() == 1 ? "" : "s") + " dropped: " + list(constant));
		return keep;
	}

	private static String label(Block b, int j) {
		return b.names != null && j < b.names.size() ? "'" + b.names.get(j) + "'" : String.valueOf(j);
	}

	private static String list(List<String> l) {
		return l.size() <= 10 ? String.join(", ", l) : String.join(", ", l.subList(0, 10)) + ", ... (" + (l.size() - 10) + " more)";
	}

	/** np.interp over the non-NaN samples (held constant beyond the ends). */
	static void interpolate(double[] x) {
		int n = x.length, prev = -1;
		for (int i = 0; i < n; i++) {
			if (Double.isNaN(x[i])) continue;
			if (prev < 0) for (int k = 0; k < i; k++) x[k] = x[i];
			else for (int k = prev + 1; k < i; k++) x[k] = x[prev] + (x[i] - x[prev]) * (k - prev) / (i - prev);
			prev = i;
		}
		if (prev >= 0) for (int k = prev + 1; k < n; k++) x[k] = x[prev];
	}

	private static int[] indices(boolean[] keep) {
		int n = 0;
		for (boolean k : keep)
			if (k) n++;
		int[] r = new int[n];
		for (int i = 0, k = 0; i < keep.length; i++)
			if (keep[i]) r[k++] = i;
		return r;
	}

	private static int count(int[] trials) {
		int n = 0, last = Integer.MIN_VALUE;
		for (int t : trials)
			if (t != last) {
				n++;
				last = t;
			}
		return n;
	}

}
