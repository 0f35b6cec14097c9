import NdisChimney

// The offload loop's operations: a request (its adapter's fake target
// holding it, completing it at once or twice, corrupting its SourceHandle,
// completing it on another adapter), a held request's completion (with
// SourceHandle and adapter as given, or altered), and an event indication.
// The model predicts every delivery and every refusal of a call before it
// is made; `settle` compares them with what the contexts and the hook saw,
// and the root blocks with what the model says they hold.

extension RegistrySequence {
    /// NdisInitiateOffload and its four twins, on a known or forged binding,
    /// with a new block list or none.
    mutating func request() {
        let request = Int(reader.next() % 5)
        let withList = reader.next() % 8 != 0
        let action = reader.next() % 8
        let value =
            action == 7 ? UInt(bitPattern: confined(pickAdapter()?.handle ?? nil)) : corruptValue(for: 0)
        guard let (handle, _) = pickBinding() ?? (reader.next() % 2 == 0 ? (forged(), nil) : nil) else { return }
        let binding = UInt(bitPattern: confined(handle))
        let index = bindings.firstIndex { UInt(bitPattern: $0.handle) == binding }
        let list = withList ? newList(request) : nil
        // The binding's adapter's target is told what to do with it.
        let adapter = index.flatMap { bindings[$0].adapter }
        if let adapter {
            let target = adapters[adapter].target
            switch action {
            case 0...2: target.pointee.action = .hold
            case 3: target.pointee.action = .completeAtOnce
            case 4: target.pointee.action = .completeTwice
            case 5, 6: target.pointee.action = .corruptThenComplete
            default: target.pointee.action = .completeElsewhereThenHold
            }
            target.pointee.value = value
        }
        let calls = adapter.map { adapters[$0].target.pointee.calls }
        let reaches = predictRequest(request, binding: binding, index: index, list: list)
        let pointer = list.map { lists[$0].pointer }
        let before = snapshot()
        requestRoutines[request](NDIS_HANDLE(bitPattern: binding), pointer)
        if let adapter {
            let target = adapters[adapter].target.pointee
            let expected = (calls ?? 0) + (reaches ? 1 : 0)
            if target.calls != expected {
                problems.append("request \(request): the target was called \(target.calls - (calls ?? 0)) times")
            } else if reaches, let list, let index {
                let sourceSeen = UInt(bitPattern: bindings[index].handle)
                let set = miniportDrivers[adapters[adapter].driver].set
                if target.request != request || target.list != UInt(bitPattern: lists[list].pointer)
                    || target.source != sourceSeen || target.set != set
                {
                    problems.append("request \(request) reached the target as \(target)")
                }
            }
        }
        settle("request \(request) on \(hex(binding))", before, lists: list.map { [$0] } ?? [])
    }

    /// Completes a request a target holds: on its adapter or another, with
    /// its SourceHandle as it is or altered, by its own routine or another;
    /// a quarter of the time it stays held, to be completed again.
    mutating func completeHeld() {
        guard let chosen = pick(held) else { return }
        let (list, owner) = held[chosen]
        let corruption = reader.next() % 8
        if corruption >= 4 { lists[list].source = corruptValue(for: corruption) }
        lists[list].pointer.pointee.SourceHandle = UnsafeMutableRawPointer(bitPattern: lists[list].source)
        let place = reader.next() % 6
        var adapter = adapters[owner].handle
        if place == 4, let other = pick(adapters) { adapter = adapters[other].handle }
        if place == 5 { adapter = confined(forged()) }
        let routine = reader.next() % 8 == 0 ? Int(reader.next() % 5) : lists[list].request
        if reader.next() % 4 != 0 { held.remove(at: chosen) }
        predictCompletion(routine, adapter: UInt(bitPattern: adapter), list: list)
        let before = snapshot()
        completionRoutines[routine](adapter, miniportList(list))
        settle("completing list \(list) on \(hex(UInt(bitPattern: adapter)))", before, lists: [list])
    }

    /// NdisMOffloadEventIndicate on a known or forged adapter, with a new
    /// block list or none and any IndicationCode.
    mutating func indicate() {
        let withList = reader.next() % 2 == 0
        let code: ULONG = reader.next() % 8 == 0 ? reader.next32() : ULONG(reader.next() % 4)
        guard let (handle, _) = pickAdapter() else { return }
        let adapter = confined(handle)
        let list = withList ? newList(0) : nil
        let pointer = list.map { UnsafeMutableRawPointer(lists[$0].pointer) }
        if let index = adapters.firstIndex(where: { $0.live && $0.handle == adapter }) {
            let valid = withList ? code == 2 : code == 1
            if !valid {
                adapters[index].refusedIndications += 1
                refuse(.invalidIndication, routine: 10, handle: UInt(bitPattern: adapter), list: pointer)
            } else {
                // In slot order (bits 6...21 of the handle), as the library
                // looks: two bindings may share a context.
                let slot = { (binding: Binding) in UInt(bitPattern: binding.handle) >> 6 & 0xFFFF }
                let reached = bindings.filter { $0.isOpen && $0.adapter == index }.sorted { slot($0) < slot($1) }
                for binding in reached { deliver(binding, 5, list: pointer, code: code) }
            }
        } else {
            refuse(.unknownAdapter, routine: 10, handle: UInt(bitPattern: adapter), list: pointer)
        }
        let before = snapshot()
        NdisMOffloadEventIndicate(adapter, pointer?.assumingMemoryBound(to: CMiniportOffloadBlockList.self), code)
        settle("indication \(code) on \(hex(UInt(bitPattern: adapter)))", before, lists: list.map { [$0] } ?? [])
    }

    /// Completes what every binding has outstanding, so that each can close:
    /// a new block list with the binding's handle in SourceHandle, completed
    /// on its adapter (what the targets hold may have been corrupted or
    /// completed elsewhere). As many as the model counts, whatever went wrong
    /// before.
    mutating func drainOutstanding() {
        held.removeAll()
        for index in bindings.indices where bindings[index].live {
            for _ in 0..<bindings[index].outstanding {
                guard let adapter = bindings[index].adapter else { break }
                let list = newList(0)
                lists[list].source = UInt(bitPattern: bindings[index].handle)
                lists[list].pointer.pointee.SourceHandle = bindings[index].handle
                predictCompletion(0, adapter: UInt(bitPattern: adapters[adapter].handle), list: list)
                let before = snapshot()
                NdisMInitiateOffloadComplete(adapters[adapter].handle, miniportList(list))
                settle("draining binding \(index)", before, lists: [list])
            }
        }
    }

    /// What a request does, in the model: false when it is refused or
    /// completed by the library, true when it reaches the adapter's target
    /// (whose action the model then plays).
    private mutating func predictRequest(_ request: Int, binding: UInt, index: Int?, list: Int?) -> Bool {
        guard let index, bindings[index].isOpen else {
            refuse(.unknownBinding, routine: ULONG(request), handle: binding, list: list.map(listPointer))
            return false
        }
        let adapter = bindings[index].adapter
        guard let list else {
            if let adapter { adapters[adapter].failedRequests += 1 }
            refuse(.noBlockList, routine: ULONG(request), handle: binding, list: nil)
            return false
        }
        guard let adapter, miniportDrivers[adapters[adapter].driver].entries[request] != 0 else {
            lists[list].status = NDIS_STATUS_NOT_SUPPORTED
            if let adapter { adapters[adapter].failedRequests += 1 }
            if !deliver(bindings[index], request, list: listPointer(list), code: 0) {
                refuse(.noCompletionHandler, routine: ULONG(request), handle: binding, list: listPointer(list))
            }
            return false
        }
        lists[list].source = binding
        bindings[index].outstanding += 1
        let target = adapters[adapter].target.pointee
        let own = UInt(bitPattern: adapters[adapter].handle)
        switch target.action {
        case .hold: held.append((list, adapter))
        case .completeAtOnce: predictCompletion(request, adapter: own, list: list)
        case .completeTwice:
            predictCompletion(request, adapter: own, list: list)
            predictCompletion(request, adapter: own, list: list)
        case .corruptThenComplete:
            lists[list].source = target.value
            predictCompletion(request, adapter: own, list: list)
        case .completeElsewhereThenHold:
            predictCompletion(request, adapter: target.value, list: list)
            held.append((list, adapter))
        }
        return true
    }

    /// What a completion by routine `routine` on the adapter `adapter` names
    /// does, in the model: delivered to the binding the list's SourceHandle
    /// names if that binding is open or closing, bound to that adapter and
    /// has a request outstanding; refused otherwise.
    mutating func predictCompletion(_ routine: Int, adapter handle: UInt, list: Int?) {
        let completion = ULONG(5 + routine)
        let pointer = list.map(listPointer)
        guard let adapter = adapters.firstIndex(where: { $0.live && UInt(bitPattern: $0.handle) == handle }) else {
            return refuse(.unknownAdapter, routine: completion, handle: handle, list: pointer)
        }
        let reason: OffloadRefusal
        if let list {
            let source = lists[list].source
            if let binding = bindings.firstIndex(where: { $0.live && UInt(bitPattern: $0.handle) == source }) {
                if bindings[binding].adapter != adapter {
                    reason = .otherAdapter
                } else {
                    // SourceHandle is taken before the outstanding count
                    // is, and put back when there is none.
                    if bindings[binding].outstanding != 0 {
                        lists[list].source = 0
                        bindings[binding].outstanding -= 1
                        if deliver(bindings[binding], routine, list: pointer, code: 0) { return }
                        reason = .noCompletionHandler
                    } else {
                        reason = .notOutstanding
                    }
                }
            } else {
                reason = .unknownSource
            }
        } else {
            reason = .noBlockList
        }
        adapters[adapter].refusedCompletions += 1
        refuse(reason, routine: completion, handle: handle, list: pointer)
    }

    /// A delivery to `binding`'s handler `entryPoint`, if its driver has
    /// one; whether it has.
    @discardableResult
    private mutating func deliver(
        _ binding: Binding, _ entryPoint: Int, list: UnsafeMutableRawPointer?, code: ULONG
    ) -> Bool {
        let driver = drivers[binding.driver]
        guard driver.entries[entryPoint] != 0 else { return false }
        predicted.append(
            Delivery(
                sighting: binding.sighting, entryPoint: entryPoint, list: UInt(bitPattern: list), code: code,
                set: driver.set))
        return true
    }

    /// A refusal the hook is told of, if it is set and the handle names
    /// this registry (the C routines drop one that names none).
    private mutating func refuse(
        _ reason: OffloadRefusal, routine: ULONG, handle: UInt, list: UnsafeMutableRawPointer?
    ) {
        guard hookSet, handle & 1 != 0, handle >> 22 & 0xFF == UInt(bitPattern: registry) >> 22 & 0xFF else { return }
        predictedRefusals.append(
            HookEntry(handle: handle, routine: routine, list: UInt(bitPattern: list), reason: reason.rawValue))
    }

    /// What the contexts and the hook have seen so far, before a call.
    private func snapshot() -> (calls: [Int], refusals: Int) { (calls(), hookLog.pointee.count) }

    /// Checks the contexts, the hook and `lists` against what the model
    /// predicted for the call made since `before`, and forgets the
    /// prediction.
    private mutating func settle(_ what: String, _ before: (calls: [Int], refusals: Int), lists touched: [Int]) {
        defer {
            predicted = []
            predictedRefusals = []
        }
        let refusals = Array(hookLog.pointee[before.refusals...])
        if refusals != predictedRefusals {
            problems.append("\(what): the hook was told \(refusals), expected \(predictedRefusals)")
        }
        for index in 0..<Self.sightingCount {
            let expected = predicted.filter { $0.sighting == index }
            let recorder = sightings[index]
            let count = recorder.calls - before.calls[index]
            if count != expected.count {
                problems.append("\(what): context \(index) called \(count) times, expected \(expected.count)")
            } else if let last = expected.last,
                recorder.entryPoint != last.entryPoint || recorder.list != last.list || recorder.code != last.code
                    || recorder.set != last.set
            {
                problems.append("\(what): context \(index) saw \(recorder), expected \(last)")
            }
        }
        for index in touched {
            let list = lists[index]
            let source = UInt(bitPattern: list.pointer.pointee.SourceHandle)
            if source != list.source || list.pointer.pointee.Status != list.status {
                problems.append(
                    "\(what): list \(index) holds SourceHandle \(hex(source)), Status \(list.pointer.pointee.Status), "
                        + "expected \(hex(list.source)), \(list.status)")
            }
        }
    }

    /// A new zeroed block list for `request`.
    private mutating func newList(_ request: Int) -> Int {
        let pointer = UnsafeMutablePointer<COffloadBlockList>.allocate(capacity: 1)
        pointer.initialize(to: COffloadBlockList())
        lists.append(List(pointer: pointer, request: request))
        return lists.count - 1
    }

    private func listPointer(_ index: Int) -> UnsafeMutableRawPointer { UnsafeMutableRawPointer(lists[index].pointer) }

    /// List `index` as the offload target sees it: the same memory.
    private func miniportList(_ index: Int) -> UnsafeMutablePointer<CMiniportOffloadBlockList> {
        listPointer(index).assumingMemoryBound(to: CMiniportOffloadBlockList.self)
    }

    /// A SourceHandle a misbehaving target writes: NULL, the current one
    /// with a bit flipped, a known binding's (any adapter's, live or not),
    /// or a forged value.
    private mutating func corruptValue(for choice: UInt8) -> UInt {
        switch (choice == 0 ? reader.next() : choice) % 4 {
        case 0: return 0
        case 1:
            let known = bindings.map { UInt(bitPattern: $0.handle) }
            return (known.isEmpty ? 1 : known[Int(reader.next()) % known.count]) ^ 1 << UInt(reader.next() % 64)
        case 2: return pick(bindings).map { UInt(bitPattern: bindings[$0].handle) } ?? 0
        default: return UInt(bitPattern: forged())
        }
    }

    /// `handle`, or, when it has the tag bit and names another registry,
    /// the same with this registry's id: the C routines find a registry by
    /// that id alone, and in a test process another live registry may have
    /// it, whose hook must not hear of these calls.
    func confined(_ handle: NDIS_HANDLE?) -> NDIS_HANDLE? {
        let value = UInt(bitPattern: handle)
        guard value & 1 != 0 else { return handle }
        let id = UInt(bitPattern: registry) & 0x3FC0_0000
        return NDIS_HANDLE(bitPattern: value & ~0x3FC0_0000 | id)
    }
}
