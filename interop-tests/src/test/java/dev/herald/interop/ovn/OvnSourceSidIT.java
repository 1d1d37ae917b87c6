package dev.herald.interop.ovn;

/**
 * {@link OvnSourceIT}'s steps against OVN 26.03 from the sid tree (issue 17: the sources run
 * against OVN 25.03 and 26.03); herald follows 26.03's rules by the SB schema version (21.8.0).
 */
class OvnSourceSidIT extends OvnSourceIT {
    @Override
    OvnTree tree() {
        return OvnTree.SID;
    }
}
