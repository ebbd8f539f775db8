package org.virtwho.backend.esx;

/**
 * What {@code RetrieveServiceContent} tells about the server: the roots we start from, and what it is.
 *
 * @param product e.g. "VMware vCenter Server 8.0.2 build-22385739", for the log
 */
record ServiceContent(MoRef rootFolder, MoRef propertyCollector, MoRef viewManager, MoRef sessionManager,
                      String product) {
}
