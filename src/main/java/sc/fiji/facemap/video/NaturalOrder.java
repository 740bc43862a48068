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

import java.util.Comparator;

/**
 * Natural sort order of file names, like Python's {@code natsort} that Facemap uses: digit runs compare as numbers
 * ("frame2" before "frame10"), other characters case-insensitively, ties broken by the plain string.
 */
public final class NaturalOrder implements Comparator<String> {

	public static final NaturalOrder INSTANCE = new NaturalOrder();

	@Override
	public int compare(String a, String b) {
		int i = 0, j = 0;
		while (i < a.length() && j < b.length()) {
			char ca = a.charAt(i), cb = b.charAt(j);
			if (Character.isDigit(ca) && Character.isDigit(cb)) {
				int si = i, sj = j;
				while (i < a.length() && Character.isDigit(a.charAt(i)))
					i++;
				while (j < b.length() && Character.isDigit(b.charAt(j)))
					j++;
				String na = stripZeros(a.substring(si, i)), nb = stripZeros(b.substring(sj, j));
				if (na.length() != nb.length()) return na.length() - nb.length();
				int c = na.compareTo(nb);
				if (c != 0) return c;
			}
			else {
				int c = Character.compare(Character.toLowerCase(ca), Character.toLowerCase(cb));
				if (c != 0) return c;
				i++;
				j++;
			}
		}
		if (i < a.length() || j < b.length()) return (a.length() - i) - (b.length() - j);
		return a.compareTo(b);
	}

	private static String stripZeros(String s) {
		int k = 0;
		while (k < s.length() - 1 && s.charAt(k) == '0')
			k++;
		return s.substring(k);
	}
}
