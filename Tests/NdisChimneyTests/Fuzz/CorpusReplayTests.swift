import Foundation
import NdisChimneyFuzzing
import Testing

/// The fuzz targets' seed corpus and every input a fuzzer ever crashed on
/// (Tests/Fuzz/Regressions), replayed through the same checks the fuzzers
/// run, so a bug once found stays fixed.
private func inputs(_ kind: String) -> [URL] {
    let fuzz = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz").standardized
    return ["Corpus", "Regressions"].flatMap { folder -> [URL] in
        let directory = fuzz.appendingPathComponent(folder).appendingPathComponent(kind)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { directory.appendingPathComponent($0) }
    }
}

@Suite("Fuzz corpus and regressions, replayed")
struct CorpusReplayTests {
    @Test("Every image input passes the image checks", arguments: inputs("image"))
    func image(_ file: URL) throws {
        let data = try Data(contentsOf: file)
        let problems = data.withUnsafeBytes { checkImage($0) }
        #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems)")
    }

    @Test("Every registry sequence passes the model checks", arguments: inputs("registry"))
    func registry(_ file: URL) throws {
        let data = try Data(contentsOf: file)
        let problems = data.withUnsafeBytes { checkRegistrySequence($0) }
        #expect(problems.isEmpty, "\(file.lastPathComponent): \(problems)")
    }

    @Test("The corpus is there: seeds for every ABI and structure, by kind and by Type, and the registry")
    func corpusPresent() {
        let images = inputs("image").map(\.lastPathComponent)
        for abi in ["host", "x86", "x64", "arm64", "arm"] {
            #expect(images.contains("\(abi)-valid"))
            #expect(images.contains("\(abi)-revision-0"))
            for kind in ["provider-generic", "client-tcp", "provider-tcp"] {
                #expect(images.contains("\(kind)-\(abi)-valid"))
                #expect(images.contains("by-type-\(kind)-\(abi)"))
            }
            #expect(images.contains("by-type-unknown-\(abi)"))
        }
        let sequences = inputs("registry").map(\.lastPathComponent)
        #expect(sequences.count >= 4)
        #expect(sequences.contains("offload-loop") && sequences.contains("offload-control"))
    }

}
