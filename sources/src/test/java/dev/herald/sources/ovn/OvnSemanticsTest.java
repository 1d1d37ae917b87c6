package dev.herald.sources.ovn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.herald.sources.ovn.OvnSemantics.Choice;
import org.junit.jupiter.api.Test;

/** SB schema versions (ovn-sb.ovsschema at each tag) to the release whose semantics herald follows. */
class OvnSemanticsTest {
    @Test
    void eachReleasesSchemaVersionPicksItsSemantics() {
        assertEquals(new Choice(OvnSemantics.V25_03, true), OvnSemantics.forSchema("20.41.0")); // v25.03.0 to v25.03.3
        assertEquals(new Choice(OvnSemantics.V25_09, true), OvnSemantics.forSchema("21.5.0")); // v25.09.0 to v25.09.4
        assertEquals(new Choice(OvnSemantics.V26_03, true), OvnSemantics.forSchema("21.8.0")); // v26.03.0 to v26.03.2
    }

    @Test
    void developmentVersionsBetweenReleasesPickTheOlderOnesAndNewerOnesTheNewest() {
        // main between the releases: 21.0.0 to 21.4.0 after 25.03, 21.6.0 to 21.7.1 after 25.09
        assertEquals(new Choice(OvnSemantics.V25_03, false), OvnSemantics.forSchema("21.2.0"));
        assertEquals(new Choice(OvnSemantics.V25_09, false), OvnSemantics.forSchema("21.7.1"));
        // after 26.03 (main: 21.11.0)
        assertEquals(new Choice(OvnSemantics.V26_03, false), OvnSemantics.forSchema("21.11.0"));
        assertEquals(new Choice(OvnSemantics.V26_03, false), OvnSemantics.forSchema("22.0.0"));
        // older than 25.03 (no Advertised_Route) or no version at all
        assertEquals(new Choice(OvnSemantics.V25_03, false), OvnSemantics.forSchema("20.37.0"));
        assertEquals(new Choice(OvnSemantics.V25_03, false), OvnSemantics.forSchema(""));
    }

    @Test
    void theConfigOverridesTheSchema() {
        OvnSettings s = new OvnSettings("gw2", false, OvnSettings.TrackedPort.PREFER_LOCAL, 100, 1000, OvnSettings.NextHopMode.SELF,
                OvnSettings.NextHopMode.SELF, null, OvnSemantics.V26_03);
        assertEquals(new Choice(OvnSemantics.V26_03, true), s.semanticsFor("20.41.0"));
        // a 25.03 server, 26.03's answer: the tracked patch port lrp-d-int is local
        var a = OvnAnnouncer.compute(Fixtures.state("sb-gw2.json", "20.41.0"), "gw2", s);
        assertEquals(100, a.routes().get(dev.herald.codec.Prefix.parse("192.0.2.129/32")).med());
        assertEquals(OvnSemantics.V25_09, OvnSemantics.ofRelease("25.09"));
    }
}
