package dev.herald.interop.kernel;

import dev.herald.interop.lab.IpPrefix;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** How an announced table (prefix to MED) differs from the expected one, for failure messages. */
public record TableDiff(List<IpPrefix> missing, List<IpPrefix> unexpected, List<String> wrongMed) {
    public static TableDiff of(Map<IpPrefix, Long> expected, Map<IpPrefix, Long> got) {
        List<IpPrefix> missing = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        expected.forEach((p, med) -> {
            if (!got.containsKey(p)) {
                missing.add(p);
            } else if (!Objects.equals(med, got.get(p))) {
                wrong.add(p + " MED " + got.get(p) + " (expected " + med + ")");
            }
        });
        List<IpPrefix> unexpected = got.keySet().stream().filter(p -> !expected.containsKey(p)).toList();
        return new TableDiff(missing, unexpected, wrong);
    }

    public boolean isEmpty() {
        return missing.isEmpty() && unexpected.isEmpty() && wrongMed.isEmpty();
    }

    @Override
    public String toString() {
        return "missing " + missing.size() + " " + missing + ", unexpected " + unexpected.size() + " " + unexpected
                + ", wrong MED " + wrongMed.size() + " " + wrongMed;
    }
}
