# Sourced by scripts: sets FFMPEG_BIN to an `ffmpeg` program. Uses $FFMPEG if set, else extracts the one shipped in
# JavaCV's FFmpeg artifact (the same FFmpeg 7.1.1 libraries the Java reader uses) from ~/.m2 into a temporary folder
# (removed by the caller's EXIT trap through $FFMPEG_TMP). That program's libavdevice links libpulse.so.0: on Debian
# `apt-get install libpulse0`.
if [ -n "${FFMPEG:-}" ]; then
	FFMPEG_BIN="$FFMPEG"
else
	_jar="$HOME/.m2/repository/org/bytedeco/ffmpeg/7.1.1-1.5.12/ffmpeg-7.1.1-1.5.12-linux-x86_64.jar"
	if [ ! -f "$_jar" ]; then
		echo "missing $_jar (build the project once with mvn) or set FFMPEG=/path/to/ffmpeg" >&2
		exit 1
	fi
	FFMPEG_TMP="$(mktemp -d)"
	(cd "$FFMPEG_TMP" && unzip -q "$_jar" 'org/bytedeco/ffmpeg/linux-x86_64/*')
	_lib="$FFMPEG_TMP/org/bytedeco/ffmpeg/linux-x86_64"
	chmod +x "$_lib/ffmpeg" "$_lib/ffprobe"
	# The artifact stores libva under its link name; the dynamic loader asks for the soname.
	ln -sf libva.so "$_lib/libva.so.2"
	ln -sf libva-drm.so "$_lib/libva-drm.so.2"
	export LD_LIBRARY_PATH="$_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
	FFMPEG_BIN="$_lib/ffmpeg"
fi
if ! "$FFMPEG_BIN" -hide_banner -version >/dev/null 2>&1; then
	echo "cannot run $FFMPEG_BIN:" >&2
	"$FFMPEG_BIN" -hide_banner -version 2>&1 | head -3 >&2
	echo "(for JavaCV's ffmpeg: apt-get install libpulse0; or set FFMPEG=/usr/bin/ffmpeg)" >&2
	exit 1
fi
