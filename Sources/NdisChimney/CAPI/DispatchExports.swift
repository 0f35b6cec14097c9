// The C entry points of ndischimney_registry.h for dispatch: the registry's
// binding table, found by the registry's handle in the RegistryDirectory
// (checked, not followed), and RegistryTables's code, which the Swift API
// runs too.

/// `NdisChimneyDispatch`: see ProtocolRegistry.dispatch(_:to:blockList:indicationCode:).
@c(NdisChimneyDispatch)
@usableFromInline func cDispatch(
    _ registry: OpaquePointer?, _ bindingHandle: NDIS_HANDLE?, _ entryPoint: ULONG,
    _ offloadBlockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?, _ indicationCode: ULONG
) -> NDIS_STATUS {
    guard let bindings = RegistryDirectory.tables(ofRegistry: UInt(bitPattern: registry)) else {
        return NDIS_STATUS_INVALID_PARAMETER
    }
    guard entryPoint <= ULONG(EntryPoint.indicateOffloadEvent.rawValue) else {
        return DispatchResult.invalidEntryPoint.status.rawValue
    }
    return bindings.dispatch(
        entryIndex: Int(entryPoint), to: UInt(bitPattern: bindingHandle), blockList: offloadBlockList,
        indicationCode: indicationCode
    ).status.rawValue
}

/// `NdisChimneyDispatchBatch`: see ProtocolRegistry.dispatch(batch:).
@c(NdisChimneyDispatchBatch)
@usableFromInline func cDispatchBatch(
    _ registry: OpaquePointer?, _ completions: UnsafePointer<NDIS_CHIMNEY_COMPLETION>?, _ count: ULONG
) -> ULONG {
    guard let completions, let bindings = RegistryDirectory.tables(ofRegistry: UInt(bitPattern: registry)) else {
        return 0
    }
    return ULONG(
        truncatingIfNeeded: bindings.dispatch(
            batch: UnsafeBufferPointer(start: completions, count: Int(count))))
}

/// `NdisChimneyDispatchBatchEx`: see ProtocolRegistry.dispatch(batch:skipped:),
/// whose code this runs, with a status for every completion. Each entry of
/// `Statuses` is written, SUCCESS first, then each skip's status over it:
/// one pass of stores rather than a test per delivery in the loop. Without
/// `Statuses` it is `NdisChimneyDispatchBatch`, on the plain batch's path.
@c(NdisChimneyDispatchBatchEx)
@usableFromInline func cDispatchBatchEx(
    _ registry: OpaquePointer?, _ completions: UnsafePointer<NDIS_CHIMNEY_COMPLETION>?, _ count: ULONG,
    _ statuses: UnsafeMutablePointer<NDIS_STATUS>?
) -> ULONG {
    guard let statuses else { return cDispatchBatch(registry, completions, count) }
    let written = UnsafeMutableBufferPointer(start: statuses, count: Int(count))
    guard let completions, let bindings = RegistryDirectory.tables(ofRegistry: UInt(bitPattern: registry)) else {
        written.update(repeating: NDIS_STATUS_INVALID_PARAMETER)
        return 0
    }
    written.update(repeating: NDIS_STATUS_SUCCESS)
    return ULONG(
        truncatingIfNeeded: bindings.dispatch(batch: UnsafeBufferPointer(start: completions, count: Int(count))) {
            index, reason in statuses[index] = reason.status.rawValue
        })
}
