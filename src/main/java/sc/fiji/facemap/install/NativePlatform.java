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
package sc.fiji.facemap.install;

import java.util.Locale;

/**
 * The platforms the update site carries native libraries for, with the folder names of the ImageJ updater
 * ({@code net.imagej.updater.util.Platforms}: {@code linux64}, {@code win64}, {@code macos-arm64}) and the Maven
 * classifiers of the native jars (DJL's PyTorch: {@code linux-x86_64}, {@code win-x86_64}, {@code osx-aarch64};
 * JavaCPP/FFmpeg: {@code linux-x86_64}, {@code windows-x86_64}, {@code macosx-arm64}).
 * <p>
 * Intel macOS is not one of them: Maven Central has no PyTorch 2.5.1 CPU build for it, so tracking cannot run there.
 */
public enum NativePlatform {
	LINUX64("linux64", "linux-x86_64", "linux-x86_64"),
	WIN64("win64", "win-x86_64", "windows-x86_64"),
	MACOS_ARM64("macos-arm64", "osx-aarch64", "macosx-arm64");

	/** The ImageJ updater's platform name, also the folder under {@code jars/}. */
	public final String folder;
	/** The classifier of DJL's {@code pytorch-native-*} jars. */
	public final String pytorchClassifier;
	/** The classifier of JavaCPP's and FFmpeg's native jars. */
	public final String javacppClassifier;

	NativePlatform(String folder, String pytorchClassifier, String javacppClassifier) {
		this.folder = folder;
		this.pytorchClassifier = pytorchClassifier;
		this.javacppClassifier = javacppClassifier;
	}

	/** The platform of a native jar from its file name ({@code ffmpeg-7.1.1-1.5.12-windows-x86_64.jar}), or null. */
	public static NativePlatform ofJar(String jarName) {
		String base = jarName.endsWith(".jar") ? jarName.substring(0, jarName.length() - 4) : jarName;
		for (NativePlatform p : values())
			if (base.endsWith("-" + p.pytorchClassifier) || base.endsWith("-" + p.javacppClassifier)) return p;
		return null;
	}

	/** The platform of an updater folder name ("win64"), or null. */
	public static NativePlatform ofFolder(String folder) {
		for (NativePlatform p : values())
			if (p.folder.equals(folder)) return p;
		return null;
	}

	/** The platform of a site path ("jars/win64/x.jar"), or null for a platform-independent file. */
	public static NativePlatform ofPath(String relativePath) {
		String[] parts = relativePath.split("/");
		return parts.length >= 3 && parts[0].equals("jars") ? ofFolder(parts[1]) : null;
	}

	/** The platform of this JVM, or null when it is none of ours (Intel macOS, Linux on ARM, ...). */
	public static NativePlatform current() {
		return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
	}

	/** The platform of an os.name / os.arch pair, or null. */
	public static NativePlatform of(String osName, String osArch) {
		String os = osName.toLowerCase(Locale.ROOT), arch = osArch.toLowerCase(Locale.ROOT);
		boolean x64 = arch.equals("amd64") || arch.equals("x86_64") || arch.equals("x64") || arch.equals("x86-64");
		boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
		if (os.startsWith("linux") && x64) return LINUX64;
		if (os.startsWith("win") && x64) return WIN64;
		if (os.startsWith("mac") && arm64) return MACOS_ARM64;
		return null;
	}
}
