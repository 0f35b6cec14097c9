// The Swift API of the offload target's side and of the loop between the
// two sides; RegistryCore+Miniport and RegistryTables+Offload hold the code,
// which the C entry points call too.

extension ProtocolRegistry {
    /// Registers a miniport driver (an offload target), with no entry points
    /// installed: it installs its provider characteristics with
    /// `setOptionalHandlers(_:for:)` and adds adapters.
    ///
    /// Throws `capacityExhausted` or `handleValuesExhausted` (both NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyRegisterMiniportDriver`.
    public func registerMiniportDriver() throws(RegistryError) -> MiniportDriverHandle {
        try core.pointee.registerMiniportDriver()
    }

    /// Deregisters a miniport driver that has no adapters.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `driverHasAdapters` (NDIS_STATUS_FAILURE).
    ///
    /// The corresponding C function is `NdisChimneyDeregisterMiniportDriver`.
    public func deregisterMiniportDriver(_ driver: MiniportDriverHandle) throws(RegistryError) {
        try core.pointee.deregisterMiniportDriver(driver)
    }

    /// Installs the characteristics `handlers` points to for a miniport
    /// driver, as `NdisSetOptionalHandlers` does from a MiniportSetOptions
    /// handler: the provider generic structure (its five request handlers
    /// replace any earlier set whole, for every adapter of the driver at
    /// once) or the provider TCP structure (kept, not called). The checks and
    /// their order are those of `setOptionalHandlers(_:for:)` for a protocol
    /// driver; a client structure is `wrongSideObjectType`.
    ///
    /// The corresponding C function is `NdisSetOptionalHandlers`.
    public func setOptionalHandlers(
        _ handlers: UnsafePointer<CDriverOptionalHandlers>?, for driver: MiniportDriverHandle
    ) throws(RegistryError) {
        try core.pointee.setOptionalHandlers(handlers, for: driver.rawValue, available: nil)
    }

    /// Installs a provider generic characteristics value for `driver`; see
    /// `setOptionalHandlers(_:for:)`.
    public func setProviderCharacteristics(
        _ characteristics: CProviderChimneyCharacteristics, for driver: MiniportDriverHandle
    ) throws(RegistryError) {
        try install(characteristics, for: driver.rawValue)
    }

    /// Installs a provider TCP characteristics value for `driver`; see
    /// `setOptionalHandlers(_:for:)`.
    public func setProviderTCPCharacteristics(
        _ characteristics: CProviderTCPCharacteristics, for driver: MiniportDriverHandle
    ) throws(RegistryError) {
        try install(characteristics, for: driver.rawValue)
    }

    /// Adds an adapter of `miniportDriver` whose provider handlers receive
    /// `context` as their MiniportAdapterContext. The handle it returns is
    /// the adapter's NdisMiniportHandle, which its offload target passes to
    /// `complete(_:on:blockList:)`; bindings are bound to it with
    /// `openBinding(driver:adapter:context:)`.
    ///
    /// Throws `unknownDriver` (NDIS_STATUS_INVALID_PARAMETER), or
    /// `capacityExhausted` or `handleValuesExhausted` (NDIS_STATUS_RESOURCES).
    ///
    /// The corresponding C function is `NdisChimneyAddAdapter`.
    public func addAdapter(
        miniportDriver: MiniportDriverHandle, context: UnsafeMutableRawPointer?
    ) throws(RegistryError) -> AdapterHandle {
        try core.pointee.addAdapter(miniportDriver: miniportDriver, context: context)
    }

    /// Removes an adapter with no binding bound to it (close those first:
    /// each close waits for its outstanding requests, as NDIS unbinds the
    /// protocols above an adapter before it halts it). When this returns, no
    /// completion or indication is in the adapter, and its handle is refused.
    ///
    /// Throws `unknownAdapter` (NDIS_STATUS_INVALID_PARAMETER) or
    /// `adapterHasBindings` (NDIS_STATUS_FAILURE).
    ///
    /// The corresponding C function is `NdisChimneyRemoveAdapter`.
    public func removeAdapter(_ adapter: AdapterHandle) throws(RegistryError) {
        try core.pointee.removeAdapter(adapter)
    }

    /// A protocol driver's offload request on `binding`, as
    /// `NdisInitiateOffload` and its four twins make it: the binding's handle
    /// goes into the root block's SourceHandle, and the block list to the
    /// request handler of the binding's adapter's miniport driver, with the
    /// adapter's MiniportAdapterContext. A binding with no adapter, or whose
    /// adapter has no handler for the request, gets it completed at once with
    /// NDIS_STATUS_NOT_SUPPORTED in the block's Status, through its own
    /// completion handler. A binding handle that is not an open binding's,
    /// or no block list, is refused (`setOffloadHook`).
    ///
    /// Safe from any number of threads at once; the offload target may
    /// complete the request on any thread, before this returns or after.
    /// Allocates nothing and takes no lock, unless the request is the last
    /// call a close of the binding waits for: then it takes a mutex for a
    /// moment to wake that close.
    ///
    /// The corresponding C functions are `NdisInitiateOffload`,
    /// `NdisTerminateOffload`, `NdisUpdateOffload`, `NdisInvalidateOffload`
    /// and `NdisQueryOffloadState`.
    public func request(
        _ request: OffloadRequest, on binding: BindingHandle, blockList: PNDIS_PROTOCOL_OFFLOAD_BLOCK_LIST?
    ) {
        tables.request(request, on: binding.rawValue, blockList: blockList)
    }

    /// The offload target's completion of `request` on `adapter`, as
    /// `NdisMInitiateOffloadComplete` and its four twins make it: delivered
    /// to the completion handler of the binding the root block's
    /// SourceHandle names, with its ProtocolBindingContext, if that handle
    /// is exactly an open (or closing) binding of this registry, bound to
    /// `adapter`, with a request outstanding. Otherwise it is refused, never
    /// delivered and SourceHandle never followed: counted on the adapter
    /// (`counts(of:)`) and reported to the offload hook (`setOffloadHook`).
    /// SourceHandle is taken (set to NULL) as the completion is delivered,
    /// so a request completed twice is delivered once. A protocol driver
    /// with no completion handler for the request is not told: the request
    /// is done, and the completion counted and reported
    /// (`OffloadRefusal.noCompletionHandler`).
    ///
    /// Allocates nothing and takes no lock, unless the completion is the
    /// last one a close of the binding, or a removal of the adapter, waits
    /// for: then it takes a mutex for a moment to wake it.
    ///
    /// The corresponding C functions are `NdisMInitiateOffloadComplete`,
    /// `NdisMTerminateOffloadComplete`, `NdisMUpdateOffloadComplete`,
    /// `NdisMInvalidateOffloadComplete` and `NdisMQueryOffloadStateComplete`.
    public func complete(
        _ request: OffloadRequest, on adapter: AdapterHandle, blockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?
    ) {
        tables.complete(request, adapter: adapter.rawValue, blockList: blockList)
    }

    /// The offload target's event indication on `adapter`, as
    /// `NdisMOffloadEventIndicate` makes it: delivered to the
    /// IndicateOffloadEventHandler of every binding open on that adapter,
    /// with the block list and code unchanged (the block list names no
    /// request to route by). `code` must be NeighborReachabilityQuery with a
    /// block list, or NeighborReachabilityInDoubt with none; otherwise it is
    /// refused. Returns how many bindings it reached.
    ///
    /// The corresponding C function is `NdisMOffloadEventIndicate`.
    @discardableResult
    public func indicateOffloadEvent(
        on adapter: AdapterHandle, blockList: PNDIS_MINIPORT_OFFLOAD_BLOCK_LIST?, code: OffloadEvent
    ) -> Int {
        tables.indicate(adapter: adapter.rawValue, blockList: blockList, code: code.rawValue)
    }

    /// What the library could not deliver for `adapter`.
    ///
    /// Throws `unknownAdapter` (NDIS_STATUS_INVALID_PARAMETER).
    ///
    /// The corresponding C function is `NdisChimneyQueryAdapterCounts`.
    public func counts(of adapter: AdapterHandle) throws(RegistryError) -> AdapterCounts {
        try core.pointee.counts(of: adapter)
    }

    /// Sets the function the library calls, on the calling thread, for each
    /// offload call it refuses (request, completion or indication), with
    /// `context`, the handle the call was given, the routine, the block list
    /// and the reason; nil to call none. For test harnesses and logs: the
    /// WDK's routines return nothing. It may use the registry, remove the
    /// adapter included.
    ///
    /// The corresponding C function is `NdisChimneySetOffloadHook`.
    public func setOffloadHook(_ hook: OffloadHookFunction?, context: UnsafeMutableRawPointer?) {
        core.pointee.setOffloadHook(hook, context: context)
    }
}
