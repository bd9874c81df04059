// Headless batch posterior denoising of every TIFF in a folder with ALMC.
// For each input <name>.tif it writes <name>_mean.tif and <name>_std.tif into the output folder,
// skipping inputs whose outputs exist (so an interrupted batch resumes).
// Run headless, e.g.:
//   ImageJ --headless -batch batch_denoise_folder.ijm "input=/data/raw output=/data/restored sigma=0 samples=4 quality=balanced"
// (For large batches the command line tool is faster to set up:
//   java -jar almc-cli.jar denoise /data/raw --out /data/restored)
args = getArgument();
input = value(args, "input", "");
output = value(args, "output", "");
sigma = value(args, "sigma", "0");
samples = value(args, "samples", "4");
quality = value(args, "quality", "balanced");
if (input == "" || output == "") exit("Give input=<folder> output=<folder>");
if (!endsWith(input, File.separator)) input = input + File.separator;
if (!endsWith(output, File.separator)) output = output + File.separator;
File.makeDirectory(output);
setBatchMode(true);
list = getFileList(input);
done = 0;
for (i = 0; i < list.length; i++) {
	name = list[i];
	if (!endsWith(toLowerCase(name), ".tif") && !endsWith(toLowerCase(name), ".tiff")) continue;
	base = substring(name, 0, lastIndexOf(name, "."));
	if (File.exists(output + base + "_mean.tif") && File.exists(output + base + "_std.tif")) continue;
	open(input + name);
	title = getTitle();
	run("Denoise (ALMC)...", "image=[" + title + "] noise=Gaussian sigma=" + sigma + " samples=" + samples + " quality=" + quality + " seed=1 createmean=true createstd=true createsamples=false");
	selectImage(base + "_mean");
	saveAs("Tiff", output + base + "_mean.tif");
	selectImage(base + "_std");
	saveAs("Tiff", output + base + "_std.tif");
	close("*");
	done++;
}
print("Denoised " + done + " image(s) into " + output);

// The value of key=value in a space-separated argument string, or a default.
function value(text, key, fallback) {
	parts = split(text, " ");
	for (k = 0; k < parts.length; k++) {
		if (startsWith(parts[k], key + "=")) return substring(parts[k], lengthOf(key) + 1);
	}
	return fallback;
}
