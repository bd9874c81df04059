package org.almc.restore;

/**
 * A problem with the user's input or settings, with a message that names the problem and the fix.
 * Front ends show the message alone, without a stack trace.
 */
public final class RestorationException extends Exception {

	private static final long serialVersionUID = 1L;

	public RestorationException(final String message) {
		super(message);
	}

	public RestorationException(final String message, final Throwable cause) {
		super(message, cause);
	}
}
