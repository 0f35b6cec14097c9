// libFuzzer target: raw characteristics images of every ABI through the
// validator, the decoder, the C entry point and the pointer path.
//   make fuzz FUZZ_SECONDS=N      (or: fuzz-image CORPUS... to replay)
import FuzzDriver
import NdisChimneyFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
func fuzzImage(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    fuzzOne(data, size, checkImage)
}

ndis_chimney_fuzz_main(CommandLine.argc, CommandLine.unsafeArgv, fuzzImage)
