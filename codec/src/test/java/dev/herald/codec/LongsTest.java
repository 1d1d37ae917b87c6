package dev.herald.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The records that carry numbers (communities, AS path segments) are values, as {@link BytesTest} for bytes. */
class LongsTest {

    @Test
    void aRecordKeepsItsOwnCopyOfTheCallersArray() {
        long[] asns = {65001, 65002};
        PathAttribute.AsPath.Segment s = new PathAttribute.AsPath.Segment(PathAttribute.AsPath.Segment.AS_SEQUENCE, asns);
        asns[0] = 1;
        long[] read = s.asns().toArray();
        read[1] = 1;
        assertArrayEquals(new long[] {65001, 65002}, s.asns().toArray());
    }

    @Test
    void recordsWithTheSameNumbersAreEqualAndPrintAsBefore() {
        PathAttribute.Communities a = new PathAttribute.Communities(0xfde90064L, 0xffffff01L);
        assertEquals(a, new PathAttribute.Communities(Longs.of(0xfde90064L, 0xffffff01L)));
        assertEquals(a.hashCode(), new PathAttribute.Communities(0xfde90064L, 0xffffff01L).hashCode());
        assertNotEquals(a, new PathAttribute.Communities(0xfde90064L));
        assertEquals("Communities[65001:100,65535:65281]", a.toString());
        assertEquals("ExtendedCommunities[0x0002fde900000007]",
                new PathAttribute.ExtendedCommunities(0x0002fde900000007L).toString());
        assertEquals("seq[65001, 65002]", PathAttribute.AsPath.sequence(65001, 65002).segments().getFirst().toString());
        assertEquals(PathAttribute.AsPath.sequence(65001), PathAttribute.AsPath.sequence(65001));
    }

    @Test
    void aCommunityIsStillCheckedToFit32Bits() {
        assertThrows(IllegalArgumentException.class, () -> new PathAttribute.Communities(1L << 32));
    }

    @Test
    void headTakesTheFirstNumbersOrTheWholeValue() {
        Longs l = Longs.of(1, 2, 3);
        assertEquals(Longs.of(1, 2), l.head(2));
        assertSame(l, l.head(3));
        assertSame(Longs.EMPTY, Longs.of());
        assertEquals("1,2,3", l.joined(Long::toString));
    }
}
