import NdisChimney

/// What the test entry points saw, written through the ProtocolBindingContext
/// they were given: each binding's context is its own Recorder, so tests
/// running in parallel never share one.
struct Recorder {
    var calls = 0
    var lastEntryPoint = -1
    var lastList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?
    var lastCode: ULONG = 0
    /// Which set of entry points (A = 1, B = 2) made the last call.
    var lastSet = 0

    /// A Recorder in its own memory, for use as a context.
    static func make() -> UnsafeMutablePointer<Recorder> {
        let pointer = UnsafeMutablePointer<Recorder>.allocate(capacity: 1)
        pointer.initialize(to: Recorder())
        return pointer
    }
}

private func note(
    _ context: NDIS_HANDLE?, _ set: Int, _ entryPoint: Int, _ list: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?,
    _ code: ULONG = 0
) {
    guard let recorder = context?.assumingMemoryBound(to: Recorder.self) else { return }
    recorder.pointee.calls += 1
    recorder.pointee.lastSet = set
    recorder.pointee.lastEntryPoint = entryPoint
    recorder.pointee.lastList = list
    recorder.pointee.lastCode = code
}

/// Characteristics whose six entry points record into the context, tagged
/// as set A (1) or set B (2) so that a replacement shows.
func recordingCharacteristics(set: Int) -> CChimneyCharacteristics {
    var chars = CChimneyCharacteristics()
    chars.Header = CObjectHeader(
        Type: NDISObjectType.clientChimneyOffloadGenericCharacteristics.rawValue,
        Revision: chimneyCharacteristicsRevision1,
        Size: USHORT(MemoryLayout<CChimneyCharacteristics>.size))
    if set == 1 {
        chars.InitiateOffloadCompleteHandler = { note($0, 1, 0, $1) }
        chars.TerminateOffloadCompleteHandler = { note($0, 1, 1, $1) }
        chars.UpdateOffloadCompleteHandler = { note($0, 1, 2, $1) }
        chars.InvalidateOffloadCompleteHandler = { note($0, 1, 3, $1) }
        chars.QueryOffloadCompleteHandler = { note($0, 1, 4, $1) }
        chars.IndicateOffloadEventHandler = { note($0, 1, 5, $1, $2) }
    } else {
        chars.InitiateOffloadCompleteHandler = { note($0, 2, 0, $1) }
        chars.TerminateOffloadCompleteHandler = { note($0, 2, 1, $1) }
        chars.UpdateOffloadCompleteHandler = { note($0, 2, 2, $1) }
        chars.InvalidateOffloadCompleteHandler = { note($0, 2, 3, $1) }
        chars.QueryOffloadCompleteHandler = { note($0, 2, 4, $1) }
        // Set B registers no event handler, as real drivers often do.
    }
    return chars
}
