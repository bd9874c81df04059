// Posterior denoising of the current image with ALMC
// (Plugins > Posterior Sampling > Denoise (ALMC)...).
// Creates the posterior mean and the per-pixel standard deviation (uncertainty map).
// Open an image first. sigma=0 estimates the noise level from the image; give it in the
// image's intensity units if you know it (e.g. sigma=150).
if (nImages == 0) exit("Open an image first");
input = getTitle();
run("Denoise (ALMC)...", "image=[" + input + "] noise=Gaussian sigma=0 samples=4 quality=fast seed=1 createmean=true createstd=true createsamples=false");
