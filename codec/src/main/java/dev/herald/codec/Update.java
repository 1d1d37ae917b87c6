package dev.herald.codec;

import java.util.List;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 4.3). {@code withdrawn} and {@code nlri} are the IPv4 fields of the message
 * body; other families travel in {@link PathAttribute.MpReachNlri} and
 * {@link PathAttribute.MpUnreachNlri}.
 *
 * @param errors what RFC 7606 found wrong in a received UPDATE without resetting the session:
 *               empty for a clean one, and always empty for one to send (the encoder ignores it).
 *               When any is {@link UpdateError.Action#TREAT_AS_WITHDRAW}, every prefix of the
 *               UPDATE is to be handled as withdrawn (see {@link #treatAsWithdraw()}).
 */
public record Update(List<Prefix> withdrawn, List<PathAttribute> attributes, List<Prefix> nlri,
                     List<UpdateError> errors) implements BgpMessage {
    public Update {
        withdrawn = List.copyOf(withdrawn);
        attributes = List.copyOf(attributes);
        nlri = List.copyOf(nlri);
        errors = List.copyOf(errors);
    }

    /** An UPDATE without errors: every UPDATE herald builds to send. */
    public Update(List<Prefix> withdrawn, List<PathAttribute> attributes, List<Prefix> nlri) {
        this(withdrawn, attributes, nlri, List.of());
    }

    /** RFC 7606 says to handle this UPDATE's routes as withdrawn (and keep the session). */
    public boolean treatAsWithdraw() {
        for (UpdateError e : errors) {
            if (e.action() == UpdateError.Action.TREAT_AS_WITHDRAW) {
                return true;
            }
        }
        return false;
    }

    @Override
    public int type() {
        return HeaderCodec.UPDATE;
    }

    /** The End-of-RIB marker for a family (RFC 4724 section 2). */
    public static Update endOfRib(Family family) {
        if (family.equals(Family.IPV4_UNICAST)) {
            return new Update(List.of(), List.of(), List.of());
        }
        return new Update(List.of(), List.of(new PathAttribute.MpUnreachNlri(family, List.of())), List.of());
    }

    /** The family this UPDATE marks End-of-RIB for, if it is such a marker. */
    public Optional<Family> endOfRibFamily() {
        if (withdrawn.isEmpty() && nlri.isEmpty() && errors.isEmpty()) {
            if (attributes.isEmpty()) {
                return Optional.of(Family.IPV4_UNICAST);
            }
            if (attributes.size() == 1 && attributes.getFirst() instanceof PathAttribute.MpUnreachNlri u
                    && u.withdrawn().isEmpty()) {
                return Optional.of(u.family());
            }
        }
        return Optional.empty();
    }

    /** The first attribute of this type, if any. */
    public <T extends PathAttribute> Optional<T> attribute(Class<T> type) {
        for (PathAttribute a : attributes) {
            if (type.isInstance(a)) {
                return Optional.of(type.cast(a));
            }
        }
        return Optional.empty();
    }
}
