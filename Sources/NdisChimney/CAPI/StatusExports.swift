// The C entry point of ndischimney_registry.h for status text: the bytes of
// NDISStatus's own list of names, which Swift's `name` and `description` read
// too, so that C and Swift can never print a status differently.

/// `NdisChimneyStatusText`: see NDISStatus.name. A string literal's bytes are
/// NUL-terminated and live in the library's read-only data for as long as
/// it is loaded, so the pointer needs no buffer, no lock and no freeing.
@c(NdisChimneyStatusText)
@usableFromInline func cStatusText(_ status: NDIS_STATUS) -> UnsafePointer<CChar> {
    UnsafeRawPointer(NDISStatus(rawValue: status).staticText.utf8Start).assumingMemoryBound(to: CChar.self)
}
