import NdisChimney

/// What the recording entry points saw, written through the
/// ProtocolBindingContext they were given. Shared by the fuzz checks and the
/// tests; give each binding (or thread) its own Recorder.
public struct Recorder: Sendable {
    /// How many calls arrived.
    public var calls = 0
    /// Which set of entry points (1 or 2) made the last call.
    public var set = 0
    /// The entry point (EntryPoint.rawValue) of the last call, -1 before any.
    public var entryPoint = -1
    /// The block list the last call was given.
    public var list: UInt = 0
    /// The IndicationCode of the last call (0 for completions).
    public var code: ULONG = 0

    /// A Recorder in its own memory, for use as a context.
    public static func make() -> UnsafeMutablePointer<Recorder> {
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
    recorder.pointee.set = set
    recorder.pointee.entryPoint = entryPoint
    recorder.pointee.list = UInt(bitPattern: list)
    recorder.pointee.code = code
}

/// Revision-1 characteristics whose six entry points record into their
/// context (a Recorder), tagged as set 1 or set 2 so that a replacement shows.
public func recordingCharacteristics(set: Int) -> CChimneyCharacteristics {
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
        chars.IndicateOffloadEventHandler = { note($0, 2, 5, $1, $2) }
    }
    return chars
}
