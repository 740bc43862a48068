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
package sc.fiji.facemap.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sc.fiji.facemap.FacemapException;
import sc.fiji.facemap.install.FijiInstall;
import sc.fiji.facemap.install.SiteSource;

/**
 * {@code facemap install-fiji FIJI_DIR [--site DIR|URL]}: installs the update site's files (the plugin, the libraries
 * Fiji lacks, the natives of the platforms that Fiji runs on, the models) into an existing Fiji, as adding the update
 * site in Fiji's updater would.
 */
@Command(name = "install-fiji", mixinStandardHelpOptions = true,
	description = { "Install Facemap into an existing Fiji (the files of the update site, checked against its checksums).",
		"Restart Fiji afterwards: the commands are under Plugins > Facemap." })
public class InstallFijiCommand implements Callable<Integer> {

	@Parameters(index = "0", paramLabel = "FIJI_DIR", description = "The Fiji folder (Fiji.app: the one holding jars/ and plugins/).")
	Path fiji;

	@Option(names = "--site", paramLabel = "DIR|URL",
		description = "The update site: a folder built by mvn package (default: update-site/ of this project) or a served site's URL.")
	String site;

	@CommandLine.Spec
	CommandLine.Model.CommandSpec spec;

	@Override
	public Integer call() {
		SiteSource source;
		if (site != null && (site.startsWith("http://") || site.startsWith("https://"))) source = SiteSource.url(site);
		else source = SiteSource.folder(site != null ? Paths.get(site) : defaultSite());
		FijiInstall.Result r = FijiInstall.install(source, fiji, new ConsoleProgress("files"));
		PrintWriter out = spec.commandLine().getOut();
		out.println(r.summary(fiji.toAbsolutePath()));
		out.flush();
		return 0;
	}

	/** update-site/ of the project this jar was built in (target/Facemap_Fiji-*.jar -> ../update-site), else ./update-site. */
	static Path defaultSite() {
		try {
			Path jar = Paths.get(InstallFijiCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
			Path project = jar.getParent() == null ? null : jar.getParent().getParent();
			if (project != null && Files.isDirectory(project.resolve("update-site"))) return project.resolve("update-site");
		}
		catch (java.net.URISyntaxException | RuntimeException e) {
			// fall through
		}
		Path here = Paths.get("update-site");
		if (Files.isDirectory(here)) return here;
		throw new FacemapException(here.toAbsolutePath(), "no update site found (build one with mvn package, or give --site)");
	}
}
