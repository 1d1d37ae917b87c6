#!/usr/bin/env python3
"""Writes docs/interop-matrix.md from what the session interop tests actually ran.

Reads each session IT's @EnumSource router list from its source (numbered as JUnit numbers the
cases: in RouterKind's declaration order, not the order of the names) and its failsafe report (interop-tests/target/failsafe-reports/TEST-*.xml), so every cell
names the test method that produced it and what happened: pass, FAIL, or not run (skipped, with
the reason). Cells a router cannot run are listed with the router's reason (NOT_SUPPORTED below).

Usage: run the ITs first, e.g.
  ./mvnw -B -ntp -pl interop-tests -am verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
      -Dit.test='SessionOptionsIT,GracefulRestartIT,HeraldAnnouncesToRoutersIT,NextHopCombinationsIT,UnnumberedPeeringIT,LongLivedGracefulRestartIT,ExportPolicyIT'
  interop-tests/lab/interop-matrix.py > docs/interop-matrix.md
"""
import pathlib
import re
import sys
import xml.etree.ElementTree as ET

ROOT = pathlib.Path(__file__).resolve().parents[2]
SRC = ROOT / "interop-tests/src/test/java/dev/herald/interop"
REPORTS = ROOT / "interop-tests/target/failsafe-reports"

ROUTERS = [
    ("FRR_HOST", "FRR 8.4"), ("FRR_TRIXIE", "FRR 10.3"), ("FRR_SID", "FRR 10.7"),
    ("GOBGP_HOST", "GoBGP 3.10"), ("GOBGP_TRIXIE", "GoBGP 3.36"), ("GOBGP_SID", "GoBGP 4.8"),
    ("BIRD_HOST", "BIRD 2.0"), ("BIRD_TRIXIE", "BIRD 2.17"), ("BIRD_SID", "BIRD 2.20"), ("BIRD3_SID", "BIRD 3.4"),
    ("OPENBGPD_TRIXIE", "OpenBGPD 8.8"), ("OPENBGPD_SID", "OpenBGPD 9.3"),
]

# feature, test class, test method
FEATURES = [
    ("announce, update, withdraw on stop", "HeraldAnnouncesToRoutersIT", "routerLearnsHeraldsRoutesAndDropsThemWhenHeraldStops"),
    ("TCP-MD5 (RFC 2385)", "SessionOptionsIT", "tcpMd5"),
    ("GTSM (RFC 5082)", "SessionOptionsIT", "ttlSecurity"),
    ("eBGP multihop", "SessionOptionsIT", "ebgpMultihop"),
    ("graceful restart, herald restarting (RFC 4724, 8538)", "GracefulRestartIT",
     "routerKeepsRoutesAcrossCrashAndRestartAndDropsThemOnShutdown"),
    ("long-lived graceful restart (RFC 9494)", "LongLivedGracefulRestartIT", "routesOutliveTheRestartTimeAsLlgrStale"),
    ("next hops: IPv4/IPv6 routes over IPv4/IPv6 sessions", "NextHopCombinationsIT", "fourCombinations"),
    ("unnumbered peering (interface, RFC 8950)", "UnnumberedPeeringIT", "routerInstallsHeraldsRoutesViaItsLinkLocalAddress"),
    ("export policy, ROUTE-REFRESH answered", "ExportPolicyIT", "routerSeesCommunitiesMedPrependAndOnlyTheAllowedPrefixes"),
]

NOT_SUPPORTED = {
    ("LongLivedGracefulRestartIT", "OPENBGPD_TRIXIE"):
        "not supported by the router: OpenBGPD 8.8 has no RFC 9494 (bgpd.conf(5) knows graceful restart only)",
    ("LongLivedGracefulRestartIT", "OPENBGPD_SID"):
        "not supported by the router: OpenBGPD 9.3 has no RFC 9494 either (bgpd.conf(5) knows graceful restart only)",
}

# Why a test leaves a router out although the router could run it.
NOT_LISTED = {
    "ExportPolicyIT": "an export policy test (issue 5), which asks for FRR and BIRD; the lab reads communities"
                      " and MED only from those two",
}

# What a passing cell covers, where it is less than the whole test.
NOTES = {}
for _kind in ("GOBGP_HOST", "GOBGP_TRIXIE", "GOBGP_SID"):
    NOTES[("NextHopCombinationsIT", _kind)] = "3 of 4: GoBGP always offers RFC 8950, so 'IPv4 over IPv6 held back' cannot be set up"
    NOTES[("UnnumberedPeeringIT", _kind)] = "gobgpd neighbor-interface"
for _kind in ("BIRD_HOST", "BIRD_TRIXIE", "BIRD_SID", "BIRD3_SID"):
    NOTES[("UnnumberedPeeringIT", _kind)] = ("BIRD has no interface-only neighbour: given herald's link-local address,"
                                             " and a shared global prefix (it checks the global next hop)")
for _kind in ("OPENBGPD_TRIXIE", "OPENBGPD_SID"):
    NOTES[("UnnumberedPeeringIT", _kind)] = "OpenBGPD has no interface-only neighbour: given herald's link-local address"
for _kind in ("FRR_HOST", "FRR_TRIXIE", "FRR_SID"):
    NOTES[("UnnumberedPeeringIT", _kind)] = "neighbor veth0 interface; kernel route via inet6 link-local"


def declared_kinds():
    """RouterKind's constants in declaration order."""
    text = (SRC / "lab/RouterKind.java").read_text()
    return re.findall(r"^    ([A-Z0-9_]+)\(", text, re.MULTILINE)


def enum_order(cls, method):
    """The routers a test lists, in the order JUnit runs them: @EnumSource(names=...) keeps the
    enum's declaration order, whatever the order of the names, and numbers the cases [1], [2]..."""
    text = (SRC / (cls + ".java")).read_text()
    m = re.search(r"@EnumSource\(value = RouterKind\.class, names = \{([^}]*)\}\)\s*void " + method + r"\(", text)
    if not m:
        sys.exit(f"{cls}.{method}: no @EnumSource(RouterKind) before it")
    names = set(re.findall(r'"([A-Z0-9_]+)"', m.group(1)))
    return [k for k in declared_kinds() if k in names]


def results(cls, method):
    path = REPORTS / f"TEST-dev.herald.interop.{cls}.xml"
    if not path.exists():
        return {}
    order = enum_order(cls, method)
    out = {}
    for tc in ET.parse(path).getroot().iter("testcase"):
        m = re.fullmatch(re.escape(method) + r"\(RouterKind\)\[(\d+)\]", tc.get("name", ""))
        if not m:
            continue
        kind = order[int(m.group(1)) - 1]
        if tc.find("failure") is not None or tc.find("error") is not None:
            out[kind] = "FAIL"
        elif tc.find("skipped") is not None:
            msg = (tc.find("skipped").get("message") or tc.find("skipped").text or "").strip().splitlines()
            out[kind] = "not run" + (f" ({msg[0][:80]})" if msg else "")
        else:
            out[kind] = f"pass ({float(tc.get('time', '0')):.0f} s)"
    return out


def main():
    print("# Interop matrix: herald's sessions against each router")
    print()
    print("Generated by `interop-tests/lab/interop-matrix.py` from the failsafe reports of the session")
    print("interop tests (each cell: the outcome, then the test method that produced it). Re-run the")
    print("tests and the script to refresh it; the command is in the script's header.")
    print()
    print("Routers: FRR 8.4, GoBGP 3.10, BIRD 2.0 from Debian bookworm (the host); FRR 10.3, GoBGP 3.36,")
    print("BIRD 2.17, OpenBGPD 8.8 from the Debian trixie root filesystem; FRR 10.7, GoBGP 4.8, BIRD 2.20,")
    print("BIRD 3.4, OpenBGPD 9.3 from the Debian sid one, as sid had them on 2026-12-07")
    print("(`interop-tests/lab/debian-rootfs.sh trixie|sid`; a sid build prints the versions it got).")
    print()
    print("| feature | " + " | ".join(label for _, label in ROUTERS) + " |")
    print("|---|" + "---|" * len(ROUTERS))
    details = []
    for feature, cls, method in FEATURES:
        res = results(cls, method)
        order = enum_order(cls, method)
        cells = []
        for kind, label in ROUTERS:
            if (cls, kind) in NOT_SUPPORTED:
                cells.append("not supported")
                details.append(f"- {feature}, {label}: {NOT_SUPPORTED[(cls, kind)]}.")
            elif kind not in order:
                cells.append("not in the test")
                details.append(f"- {feature}, {label}: `{cls}.{method}` does not list {kind}"
                               + (f" ({NOT_LISTED[cls]})" if cls in NOT_LISTED else "") + ".")
            else:
                r = res.get(kind, "no report")
                cells.append(r.split(" (")[0] + ("*" if (cls, kind) in NOTES else ""))
                details.append(f"- {feature}, {label}: {r}, `{cls}.{method}[{kind}]`"
                               + (f"; {NOTES[(cls, kind)]}" if (cls, kind) in NOTES else ""))
        print(f"| {feature} | " + " | ".join(cells) + " |")
    print()
    print("\\* see the cell's note below.")
    print()
    print("## Cells")
    print()
    for d in details:
        print(d)


if __name__ == "__main__":
    main()
