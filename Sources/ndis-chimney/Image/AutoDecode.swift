import ArgumentParser
import NdisChimney

/// `decode --abi auto`: one image judged with every Windows ABI. An ABI fits
/// when the image is valid with its layout and breaks no plausibility rule
/// (`PlausibilityRules`) and meets no heuristic of `WidthResemblance`. x86
/// and ARM share a layout, as x64 and ARM64 do, so they fit in pairs.
struct AutoDecode {
    /// One report per Windows ABI, in `ABI.windows` order.
    let reports: [ImageReport]

    /// The reports of the ABIs that fit.
    private var fitting: [ImageReport] { reports.filter(\.fits) }

    /// Prints the verdicts and the decoded fields; exits 1, with one line on
    /// stderr, when no ABI fits.
    func run(json: Bool) throws {
        try Process.write(json ? self.json.rendered : text)
        if fitting.isEmpty {
            Process.printError(
                "invalid: the bytes fit no Windows ABI (\(ABI.windows.map(\.name).joined(separator: ", ")))")
            throw ExitCode(1)
        }
    }

    /// Which ABIs fit and why each other one does not, then the fields
    /// decoded with each fitting layout (one table per pointer width).
    private var text: String {
        let names = fitting.map(\.abi.name).joined(separator: ", ")
        var out = "--abi auto: " + (fitting.isEmpty ? "the bytes fit no Windows ABI" : "the bytes fit \(names)") + "\n"
        for report in reports {
            out += "  \(report.abi.name): \(report.fits ? "fits" : "does not fit: " + Self.reason(report))\n"
        }
        var widths: Set<Int> = []
        for report in fitting where widths.insert(report.abi.pointerSize).inserted {
            out += "\n" + ImageRendering.decodeText(report.decoded)
        }
        return out
    }

    /// Why an ABI does not fit: the validation failure, or the first warning.
    private static func reason(_ report: ImageReport) -> String {
        if case .failure(let error) = report.validation { return "invalid: \(error)" }
        let more = report.warnings.count > 1 ? " (and \(report.warnings.count - 1) more)" : ""
        return (report.warnings.first?.message ?? "") + more
    }

    /// `{ "offset", "abi": "auto", "bytesRead", "fits": [names],
    /// "candidates": [one decode object per Windows ABI] }`.
    private var json: JSON {
        let first = reports[0]
        return .object([
            ("offset", .unsigned(first.offset)),
            ("abi", .string("auto")),
            ("bytesRead", .int(first.bytesRead ?? 0)),
            ("fits", .array(fitting.map { .string($0.abi.name) })),
            ("candidates", .array(reports.map(ImageRendering.decodeJSON))),
        ])
    }
}
