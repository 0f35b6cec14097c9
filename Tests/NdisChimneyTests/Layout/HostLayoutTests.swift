import NdisChimney
import Testing

/// One field as the Swift compiler lays out the imported C struct.
struct CompiledField: Sendable {
    let name: String
    let offset: Int?
    let size: Int
}

/// One imported C struct as the Swift compiler lays it out.
struct CompiledStructure: Sendable, CustomTestStringConvertible {
    let description: StructureDescription
    let size: Int
    let stride: Int
    let alignment: Int
    let fields: [CompiledField]

    init<T>(_ description: StructureDescription, _: T.Type, _ fields: [CompiledField]) {
        self.description = description
        size = MemoryLayout<T>.size
        stride = MemoryLayout<T>.stride
        alignment = MemoryLayout<T>.alignment
        self.fields = fields
    }

    var testDescription: String { description.name }
}

private func field<T, V>(_ name: String, _ keyPath: KeyPath<T, V>) -> CompiledField {
    CompiledField(name: name, offset: MemoryLayout<T>.offset(of: keyPath), size: MemoryLayout<V>.size)
}

/// Every field of every modelled structure, as the compiler lays it out here.
private let compiled: [CompiledStructure] = [
    CompiledStructure(
        .objectHeader, CObjectHeader.self,
        [
            field("Type", \CObjectHeader.self.`Type`),
            field("Revision", \CObjectHeader.Revision),
            field("Size", \CObjectHeader.Size),
        ]
    ),
    CompiledStructure(
        .driverOptionalHandlers, CDriverOptionalHandlers.self,
        [field("Header", \CDriverOptionalHandlers.Header)]
    ),
    CompiledStructure(
        .offloadHandle, COffloadHandle.self,
        [
            field("NdisReserved", \COffloadHandle.NdisReserved),
            field("MiniportOffloadContext", \COffloadHandle.MiniportOffloadContext),
        ]
    ),
    CompiledStructure(
        .offloadBlockList, COffloadBlockList.self,
        [
            field("Header", \COffloadBlockList.Header),
            field("NextBlock", \COffloadBlockList.NextBlock),
            field("DependentBlockList", \COffloadBlockList.DependentBlockList),
            field("Status", \COffloadBlockList.Status),
            field("NdisReserved", \COffloadBlockList.NdisReserved),
            field("OffloadHandle", \COffloadBlockList.OffloadHandle),
            field("ProtocolReserved", \COffloadBlockList.ProtocolReserved),
            field("MiniportReserved", \COffloadBlockList.MiniportReserved),
            field("ImReserved", \COffloadBlockList.ImReserved),
            field("Scratch", \COffloadBlockList.Scratch),
            field("SourceHandle", \COffloadBlockList.SourceHandle),
            field("PortNumber", \COffloadBlockList.PortNumber),
            field("NetBufferListChain", \COffloadBlockList.NetBufferListChain),
        ]
    ),
    CompiledStructure(
        .miniportOffloadBlockList, CMiniportOffloadBlockList.self,
        [
            field("Header", \CMiniportOffloadBlockList.Header),
            field("NextBlock", \CMiniportOffloadBlockList.NextBlock),
            field("DependentBlockList", \CMiniportOffloadBlockList.DependentBlockList),
            field("Status", \CMiniportOffloadBlockList.Status),
            field("NdisReserved", \CMiniportOffloadBlockList.NdisReserved),
            field("MiniportOffloadContext", \CMiniportOffloadBlockList.MiniportOffloadContext),
            field("NdisOffloadHandle", \CMiniportOffloadBlockList.NdisOffloadHandle),
            field("ProtocolReserved", \CMiniportOffloadBlockList.ProtocolReserved),
            field("MiniportReserved", \CMiniportOffloadBlockList.MiniportReserved),
            field("ImReserved", \CMiniportOffloadBlockList.ImReserved),
            field("Scratch", \CMiniportOffloadBlockList.Scratch),
            field("SourceHandle", \CMiniportOffloadBlockList.SourceHandle),
            field("PortNumber", \CMiniportOffloadBlockList.PortNumber),
            field("NetBufferListChain", \CMiniportOffloadBlockList.NetBufferListChain),
        ]
    ),
    CompiledStructure(
        .chimneyCharacteristics, CChimneyCharacteristics.self,
        [
            field("Header", \CChimneyCharacteristics.Header),
            field("Flags", \CChimneyCharacteristics.Flags),
            field("InitiateOffloadCompleteHandler", \CChimneyCharacteristics.InitiateOffloadCompleteHandler),
            field("TerminateOffloadCompleteHandler", \CChimneyCharacteristics.TerminateOffloadCompleteHandler),
            field("UpdateOffloadCompleteHandler", \CChimneyCharacteristics.UpdateOffloadCompleteHandler),
            field("InvalidateOffloadCompleteHandler", \CChimneyCharacteristics.InvalidateOffloadCompleteHandler),
            field("QueryOffloadCompleteHandler", \CChimneyCharacteristics.QueryOffloadCompleteHandler),
            field("IndicateOffloadEventHandler", \CChimneyCharacteristics.IndicateOffloadEventHandler),
        ]
    ),
    CompiledStructure(
        .providerGenericCharacteristics, CProviderChimneyCharacteristics.self,
        [
            field("Header", \CProviderChimneyCharacteristics.Header),
            field("Flags", \CProviderChimneyCharacteristics.Flags),
            field("InitiateOffloadHandler", \CProviderChimneyCharacteristics.InitiateOffloadHandler),
            field("TerminateOffloadHandler", \CProviderChimneyCharacteristics.TerminateOffloadHandler),
            field("UpdateOffloadHandler", \CProviderChimneyCharacteristics.UpdateOffloadHandler),
            field("InvalidateOffloadHandler", \CProviderChimneyCharacteristics.InvalidateOffloadHandler),
            field("QueryOffloadHandler", \CProviderChimneyCharacteristics.QueryOffloadHandler),
        ]
    ),
    CompiledStructure(
        .clientTCPCharacteristics, CClientTCPCharacteristics.self,
        [
            field("Header", \CClientTCPCharacteristics.Header),
            field("Flags", \CClientTCPCharacteristics.Flags),
            field("OffloadType", \CClientTCPCharacteristics.OffloadType),
            field("TcpOffloadSendCompleteHandler", \CClientTCPCharacteristics.TcpOffloadSendCompleteHandler),
            field("TcpOffloadReceiveCompleteHandler", \CClientTCPCharacteristics.TcpOffloadReceiveCompleteHandler),
            field(
                "TcpOffloadDisconnectCompleteHandler", \CClientTCPCharacteristics.TcpOffloadDisconnectCompleteHandler),
            field("TcpOffloadForwardCompleteHandler", \CClientTCPCharacteristics.TcpOffloadForwardCompleteHandler),
            field("TcpOffloadEventHandler", \CClientTCPCharacteristics.TcpOffloadEventHandler),
            field("TcpOffloadReceiveIndicateHandler", \CClientTCPCharacteristics.TcpOffloadReceiveIndicateHandler),
        ]
    ),
    CompiledStructure(
        .providerTCPCharacteristics, CProviderTCPCharacteristics.self,
        [
            field("Header", \CProviderTCPCharacteristics.Header),
            field("Flags", \CProviderTCPCharacteristics.Flags),
            field("OffloadType", \CProviderTCPCharacteristics.OffloadType),
            field("TcpOffloadSendHandler", \CProviderTCPCharacteristics.TcpOffloadSendHandler),
            field("TcpOffloadReceiveHandler", \CProviderTCPCharacteristics.TcpOffloadReceiveHandler),
            field("TcpOffloadDisconnectHandler", \CProviderTCPCharacteristics.TcpOffloadDisconnectHandler),
            field("TcpOffloadForwardHandler", \CProviderTCPCharacteristics.TcpOffloadForwardHandler),
            field("TcpOffloadReceiveReturnHandler", \CProviderTCPCharacteristics.TcpOffloadReceiveReturnHandler),
        ]
    ),
]

@Suite("Host layout: the model against the compiler")
struct HostLayoutTests {
    @Test("Every field's offset and size equal MemoryLayout's", arguments: compiled)
    func fieldsMatchCompiler(structure: CompiledStructure) {
        let model = structure.description.layout(for: .host)
        #expect(model.fields.map(\.name) == structure.fields.map(\.name), "field list of \(model.name)")
        for compiledField in structure.fields {
            let modelled = model[field: compiledField.name]
            #expect(modelled.offset == compiledField.offset, "\(model.name).\(compiledField.name) offset")
            #expect(modelled.size == compiledField.size, "\(model.name).\(compiledField.name) size")
        }
    }

    @Test("Size, stride and alignment equal MemoryLayout's", arguments: compiled)
    func sizeStrideAlignment(structure: CompiledStructure) {
        let model = structure.description.layout(for: .host)
        #expect(model.size == structure.size)
        #expect(model.size == structure.stride, "no tail padding beyond the C size")
        #expect(model.alignment == structure.alignment)
    }

    @Test("Every described structure is compared here")
    func everyStructure() {
        #expect(compiled.map(\.description) == StructureDescription.all)
    }

    @Test("Revision-1 sizes are the ends of the last revision-1 fields on the host")
    func revision1Size() throws {
        let generic = try #require(
            MemoryLayout<CChimneyCharacteristics>.offset(of: \.IndicateOffloadEventHandler))
        #expect(
            StructureDescription.chimneyCharacteristics.layout(for: .host).revision1Size
                == generic + MemoryLayout<INDICATE_OFFLOAD_EVENT_HANDLER>.size)
        let tcp = try #require(
            MemoryLayout<CClientTCPCharacteristics>.offset(of: \.TcpOffloadReceiveIndicateHandler))
        #expect(
            StructureDescription.clientTCPCharacteristics.layout(for: .host).revision1Size
                == tcp + MemoryLayout<TCP_OFFLOAD_RECEIVE_INDICATE_HANDLER>.size)
        #expect(StructureDescription.providerGenericCharacteristics.layout(for: .host).revision1Size == nil)
        #expect(StructureDescription.providerTCPCharacteristics.layout(for: .host).revision1Size == nil)
    }

    @Test("Raw bytes of a filled characteristics value sit at the modelled offsets")
    func rawBytesAtOffsets() throws {
        let layout = StructureDescription.chimneyCharacteristics.layout(for: .host)
        var value = CChimneyCharacteristics()
        value.Header = CObjectHeader(Type: 0x8E, Revision: 1, Size: 0x1234)
        value.Flags = 0xA1B2_C3D4
        let handler: OffloadCompleteHandler = { _, _ in }
        value.QueryOffloadCompleteHandler = handler
        let handlerBits = UInt(bitPattern: unsafeBitCast(handler, to: UnsafeRawPointer.self))
        try withUnsafeBytes(of: &value) { bytes in
            #expect(Array(bytes[0..<4]) == [0x8E, 0x01, 0x34, 0x12])
            let flags = layout[field: "Flags"].offset
            #expect(Array(bytes[flags..<flags + 4]) == [0xD4, 0xC3, 0xB2, 0xA1])
            let query = layout[field: "QueryOffloadCompleteHandler"]
            let stored = bytes.loadUnaligned(fromByteOffset: query.offset, as: UInt.self)
            #expect(stored == handlerBits)
            let initiate = try #require(layout.fields.first { $0.name == "InitiateOffloadCompleteHandler" })
            #expect(bytes.loadUnaligned(fromByteOffset: initiate.offset, as: UInt.self) == 0)
        }
    }
}
