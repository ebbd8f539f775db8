package org.virtwho.backend.esx;

import java.util.Objects;

/** A managed object reference: the type and id by which vSphere names an object, e.g. HostSystem {@code host-21}. */
record MoRef(String type, String value) {
    MoRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** As a SOAP argument or property, e.g. {@code <_this type="PropertyCollector">propertyCollector</_this>}. */
    String xml(String element) {
        return "<" + element + " type=\"" + Soap.escape(type) + "\">" + Soap.escape(value) + "</" + element + ">";
    }
}
