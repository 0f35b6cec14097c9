// libFuzzer target: call sequences through the registry's C entry points,
// checked against a model of NDIS's rules.
//   make fuzz FUZZ_SECONDS=N      (or: fuzz-registry CORPUS... to replay)
import FuzzDriver
import NdisChimneyFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzRegistry(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(data, size, checkRegistrySequence)
}

ndis_chimney_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, fuzzRegistry)
