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

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A static file server on 127.0.0.1 (an ephemeral port) for tests: serves a folder as {@code python3 -m http.server}
 * would, or fixed bodies per path; a path can be set to break off after some bytes (an interrupted download).
 * Tests never use the network.
 */
final class LoopbackServer implements AutoCloseable {

	private final HttpServer server;
	private final Path root;
	private final Map<String, byte[]> bodies = new ConcurrentHashMap<>();
	private final Map<String, Integer> breakAfter = new ConcurrentHashMap<>();
	final AtomicInteger gets = new AtomicInteger();

	LoopbackServer(Path root) throws IOException {
		this.root = root;
		server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.createContext("/", this::handle);
		server.start();
	}

	/** The base URL, ending in '/'. */
	String url() {
		return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
	}

	void put(String path, byte[] body) {
		bodies.put(path, body);
	}

	/** Announces the full length of {@code path} but closes the connection after {@code bytes} bytes. */
	void breakAfter(String path, int bytes) {
		breakAfter.put(path, bytes);
	}

	private void handle(HttpExchange x) throws IOException {
		try {
			String path = x.getRequestURI().getPath().substring(1);
			byte[] body = bodies.get(path);
			if (body == null && root != null) {
				Path f = root.resolve(path).normalize();
				if (f.startsWith(root) && Files.isRegularFile(f)) body = Files.readAllBytes(f);
			}
			if (body == null) {
				x.sendResponseHeaders(404, -1);
				return;
			}
			boolean head = "HEAD".equals(x.getRequestMethod());
			if (!head) gets.incrementAndGet();
			x.getResponseHeaders().set("Content-Length", Long.toString(body.length));
			x.sendResponseHeaders(200, head ? -1 : body.length);
			if (head) return;
			Integer cut = breakAfter.get(path);
			OutputStream o = x.getResponseBody();
			if (cut != null) {
				o.write(body, 0, cut);
				o.flush();
				throw new IOException("test: connection dropped after " + cut + " bytes");
			}
			o.write(body);
			o.close();
		}
		finally {
			x.close();
		}
	}

	@Override
	public void close() {
		server.stop(0);
	}
}
