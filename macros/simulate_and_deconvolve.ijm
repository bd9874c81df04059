// Try deconvolution on clean data: generate a widefield PSF, simulate a camera measurement of the
// current (clean) image, and deconvolve it with ALMC. Produces the PSF, the simulated measurement,
// and the posterior mean and standard deviation.
if (nImages == 0) exit("Open a clean image first (e.g. test-images/phantom-clean.tif)");
clean = getTitle();
run("Generate PSF...", "model=Born-Wolf na=1.4 wavelength=520 ni=1.515 pixelsize=100 size=15 slices=1");
psf = getTitle();
run("Simulate Measurement...", "image=[" + clean + "] psf=[" + psf + "] photons=200 gain=1 offset=100 readnoise=2 seed=1");
measured = getTitle();
run("Deconvolve (ALMC)...", "image=[" + measured + "] psf=[" + psf + "] noise=[Camera (Poisson-Gaussian)] gain=1 offset=100 readnoise=2 samples=4 quality=balanced seed=1 createmean=true createstd=true createsamples=false");
