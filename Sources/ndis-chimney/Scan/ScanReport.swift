import NdisChimney

/// What `scan` prints: a line (text or JSON) per structure found, on stdout
/// (the text names the ABI with `--abi auto` and the structure with `--type
/// auto`, after the offset);
/// per structure that looks like the other pointer width's, its warnings on
/// stderr; and at the end, on stderr, how many looked so (and with `--abi
/// auto`, how many were found with each width).
struct ScanReport {
    let json: Bool
    /// Whether both pointer widths are searched (`--abi auto`).
    let auto: Bool
    /// Whether more than one structure is searched (`--type auto`).
    let kinds: Bool
    /// The structures reported so far.
    private(set) var count = 0
    /// Of those, the ones with 64-bit pointers.
    private var wide = 0
    /// Of those, the ones that look like the other width's.
    private var lookalikes = 0

    init(json: Bool, auto: Bool, kinds: Bool) {
        self.json = json
        self.auto = auto
        self.kinds = kinds
    }

    /// Reports a window's matches, ordered by offset.
    mutating func record(_ matches: [WindowedScan.Match]) throws(OutputFailure) {
        var index = 0
        while index < matches.count {
            var group: [(WindowedScan.Match, ImageReport)] = []
            repeat {
                let match = matches[index]
                let type = KindSelection.one(match.characteristics.kind)
                group.append(
                    (
                        match,
                        ImageReport(
                            bytes: match.bytes, abi: match.abi, type: type, offset: match.offset, bytesRead: nil)
                    ))
                index += 1
            } while index < matches.count && matches[index].offset == group[0].0.offset
            for (match, report) in Self.chosen(group) { try emit(match, report) }
        }
    }

    /// The matches at one offset worth reporting. Both widths match where a
    /// 64-bit structure lies (its bytes are valid with the 32-bit layout
    /// too): the 64-bit reading alone is reported then, unless it looks
    /// 32-bit itself, which leaves the two for the reader to weigh.
    private static func chosen(
        _ group: [(WindowedScan.Match, ImageReport)]
    ) -> [(WindowedScan.Match, ImageReport)] {
        guard group.count > 1, let wide = group.first(where: { $0.0.abi.pointerSize == 8 }),
            !wide.1.looksLikeOtherWidth
        else { return group }
        return [wide]
    }

    private mutating func emit(_ match: WindowedScan.Match, _ report: ImageReport) throws(OutputFailure) {
        count += 1
        if match.abi.pointerSize == 8 { wide += 1 }
        if report.looksLikeOtherWidth { lookalikes += 1 }
        if json {
            try Process.write(ImageRendering.decodeJSON(report).compact + "\n")
        } else {
            let entryPoints = match.characteristics.addresses.map { ImageRendering.pointerText($0, abi: match.abi) }
            let abi = auto ? [match.abi.name] : []
            let kind = kinds ? [match.characteristics.kind.argument] : []
            try Process.write(
                ([hex(match.offset, digits: 8)] + abi + kind + entryPoints).joined(separator: " ") + "\n")
        }
        for warning in report.warnings {
            Process.printError("warning: \(hex(match.offset, digits: 8)): \(warning.message)")
        }
    }

    /// The closing line on stderr: always with `--abi auto` (which width the
    /// structures have), else only when some looked like the other width's.
    func finish() {
        let verb = lookalikes == 1 ? "looks" : "look"
        let others = lookalikes > 0 ? "\(lookalikes) \(verb) like the other pointer width's (warnings above)" : nil
        if auto {
            Process.printError(
                "scan --abi auto: \(count) found, \(wide) with 64-bit pointers (x64, arm64), \(count - wide) "
                    + "with 32-bit pointers (x86, arm)" + (others.map { "; \($0)" } ?? ""))
        } else if let others {
            Process.printError("scan: of \(count) found, \(others); --abi auto searches with both widths")
        }
    }
}
