package dev.herald.interop.lab;

/**
 * Makes a lab router act on the GRACEFUL_SHUTDOWN community (65535:0) it receives as its own
 * documentation recommends for RFC 8326 receivers (section 4: set LOCAL_PREF to a low value,
 * 0 recommended). Call after the router started, before its neighbours connect.
 */
public final class GracefulShutdownReceiver {
    /**
     * The filter for BIRD. BIRD's documentation (doc/bird.sgml) has no RFC 8326 recipe; it gives the
     * pieces: "pair/quad and clist (returning true if the pair/quad is element of the clist)" and
     * "int bgp_local_pref ... Local preference value used for selection among multiple BGP routes".
     * The function is the NLNOG BGP Filter Guide's for BIRD (bgpfilterguide.nlnog.net, "Graceful BGP
     * session shutdown"), also given by DENOG's routing guide: honor_graceful_shutdown().
     */
    static final String BIRD_FILTER = """
            function honor_graceful_shutdown() {
              if (65535, 0) ~ bgp_community then {
                bgp_local_pref = 0;
              }
            }
            filter rfc8326_receiver {
              honor_graceful_shutdown();
              accept;
            }
            """;

    private GracefulShutdownReceiver() {
    }

    public static void configure(Router router) {
        switch (router.kind().impl()) {
            // FRR's documentation (doc/user/bgp.rst, "bgp graceful-shutdown"): routes re-announced with
            // the GRACEFUL_SHUTDOWN community: "Peers are then expected to treat such paths with the
            // lowest preference. This happens automatically on a receiver running FRR; with other routing
            // protocol stacks, an inbound policy may have to be configured." (bgpd does it for routes
            // from eBGP peers: LOCAL_PREF 0.) Nothing to configure.
            case FRR -> { }
            case BIRD -> {
                String conf = BIRD_FILTER + BirdRouter.configText(router.config).replace("import all;", "import filter rfc8326_receiver;");
                router.writeConfig("bird.conf", conf, null);
                Exec.Result r = router.cli("configure");
                if (!r.ok() || !(r.stdout() + r.stderr()).contains("Reconfigured")) {
                    throw new LabException(router + ": birdc configure with the RFC 8326 filter failed: " + r, null);
                }
            }
            default -> throw new UnsupportedOperationException(router.kind() + ": no RFC 8326 receiver configuration here");
        }
    }
}
