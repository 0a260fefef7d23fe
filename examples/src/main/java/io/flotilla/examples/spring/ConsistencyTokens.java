package io.flotilla.examples.spring;

/**
 * The Flotilla consistency token of the current unit of work (a request, a message, a job), kept per thread.
 *
 * <p>Why: the application's pool hands each {@code @Transactional} call whichever physical connection is free, and
 * each Flotilla connection only knows its own writes. Carrying the token from the connection that wrote to the
 * connection that reads is what makes read-your-writes hold across pooled connections. In a web application a filter
 * would load the token from the request (header or session) with {@link #set} and store {@link #get} back in the
 * response, then {@link #clear} it, so that a pooled thread does not carry one user's token into another's request.
 */
public final class ConsistencyTokens {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private ConsistencyTokens() {
    }

    /** The token covering every write (and read) this unit of work has done so far, or null. */
    public static String get() {
        return CURRENT.get();
    }

    /** Continues from a token received from elsewhere (another service, the user's previous request). */
    public static void set(String token) {
        CURRENT.set(token);
    }

    public static void clear() {
        CURRENT.remove();
    }
}
