package org.almc.restore;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.imglib2.RandomAccess;
import net.imglib2.img.Img;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.view.Views;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;

/** The imglib2 boundary: axes, pixel order, no copies on the way out, and the same answer as the ImagePlus path. */
class ImgStacksTest {

	private static final StackRestorer RESTORER = new StackRestorer(TestPriors.iidGaussian(0.5, 0.1), TestPriors.metadata());

	/** A 16-bit X Y C Z T image whose pixel value encodes its position. */
	private static ArrayImg<UnsignedShortType, ShortArray> marked(final int w, final int h, final int c, final int z, final int t) {
		final ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(w, h, c, z, t);
		final RandomAccess<UnsignedShortType> a = img.randomAccess();
		for (int tt = 0; tt < t; tt++) for (int zz = 0; zz < z; zz++) for (int cc = 0; cc < c; cc++) for (int y = 0; y < h; y++) {
			for (int x = 0; x < w; x++) {
				a.setPosition(new long[] { x, y, cc, zz, tt });
				a.get().set(x + 100 * y + 1000 * cc + 2000 * zz + 6000 * tt);
			}
		}
		return img;
	}

	@Test
	void planesKeepTheirPositionsThroughTheBoundary() throws RestorationException {
		final ImagePlus imp = ImgStacks.toImagePlus(marked(7, 5, 2, 3, 2), "XYCZT", "m");
		assertArrayEquals(new int[] { 7, 5, 2, 3, 2 }, imp.getDimensions());
		// plane (c, z, t) = (1, 2, 1) in ImageJ's order, pixel (3, 4)
		assertEquals(3 + 400 + 1000 + 4000 + 6000, imp.getStack().getProcessor(1 + 1 + 2 * (2 + 3 * 1)).getf(3, 4));
		// a view with a non-zero origin: a Z range of a X Y Z image
		final var xyz = Views.hyperSlice(Views.hyperSlice(marked(7, 5, 1, 3, 1), 4, 0), 2, 0);
		final ImagePlus sub = ImgStacks.toImagePlus(Views.interval(xyz, new long[] { 0, 0, 1 }, new long[] { 6, 4, 2 }), "xyz", "sub");
		assertArrayEquals(new int[] { 7, 5, 1, 2, 1 }, sub.getDimensions());
		assertEquals(6 + 200 + 2000, sub.getStack().getProcessor(1).getf(6, 2));
		// back: the outputs wrap the ImagePlus' own arrays
		final ImagePlus floats = new ImagePlus("f", imp.getStack().convertToFloat());
		floats.setDimensions(2, 3, 2);
		final Img<FloatType> img = ImgStacks.toImg(floats);
		assertArrayEquals(new long[] { 7, 5, 2, 3, 2 }, img.dimensionsAsLongArray());
		floats.getStack().getProcessor(3).setf(1, 1, -5);
		final RandomAccess<FloatType> a = img.randomAccess();
		a.setPosition(new long[] { 1, 1, 0, 1, 0 });
		assertEquals(-5, a.get().get());
	}

	@Test
	void restoringAnImgGivesWhatTheImagePlusPathGives() throws RestorationException {
		final ImagePlus imp = StackRestorerTest.hyperstack(40, 36, 1, 3, 1);
		final ArrayImg<UnsignedShortType, ShortArray> img = ArrayImgs.unsignedShorts(40, 36, 3);
		final RandomAccess<UnsignedShortType> a = img.randomAccess();
		for (int z = 0; z < 3; z++) for (int y = 0; y < 36; y++) for (int x = 0; x < 40; x++) {
			a.setPosition(new long[] { x, y, z });
			a.get().set(imp.getStack().getProcessor(z + 1).get(x, y));
		}
		final StackRestorer.Options o = new StackRestorer.Options(new NoiseSpec.Gaussian(30), null, 2, Quality.FAST, 10, 7, false, 512, Double.NaN);
		final ImgStacks.Result viaImg = ImgStacks.restore(RESTORER, img, "XYZ", o);
		final StackRestorer.Result viaImagePlus = RESTORER.restore(imp, o, (u, n, s, t) -> {}, () -> false);
		assertArrayEquals(new long[] { 40, 36, 3 }, viaImg.mean().dimensionsAsLongArray());
		final RandomAccess<FloatType> m = viaImg.mean().randomAccess(), s = viaImg.std().randomAccess();
		for (int z = 0; z < 3; z++) {
			m.setPosition(new long[] { 17, 20, z });
			s.setPosition(new long[] { 17, 20, z });
			assertEquals(viaImagePlus.mean().getStack().getProcessor(z + 1).getf(17, 20), m.get().get());
			assertEquals(viaImagePlus.std().getStack().getProcessor(z + 1).getf(17, 20), s.get().get());
		}
	}

	@Test
	void axesThatDoNotFitAreNamed() {
		final var img = ArrayImgs.floats(8, 8, 2);
		assertTrue(assertThrows(RestorationException.class, () -> ImgStacks.toImagePlus(img, "XY", "a")).getMessage().contains(
			"name 2 axes, but the image has 3"));
		assertTrue(assertThrows(RestorationException.class, () -> ImgStacks.toImagePlus(img, "ZXY", "a")).getMessage().contains(
			"X and Y first"));
	}
}
