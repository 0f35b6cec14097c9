import CNdisChimneyPlatform
import Synchronization

/// The permutation that turns the process's handle counter into generations
/// (HandleBits), keyed by a random value drawn at the first registry
/// creation. Consecutive handles then carry unrelated generations, so a
/// driver that knows its own handles cannot work out another driver's by
/// counting, and two copies of this library in one process (each with its
/// own counter and key) give out the same handle value only by chance
/// (Docs/C-API.md, "Handles": about n in 2^34 once one copy has given out n
/// handles for the other's registry id and slot).
///
/// The permutation is a four-round Feistel network on the 34 generation bits
/// (two halves of 17): a bijection, so distinct counts always give distinct
/// generations, which is what keeps every handle value unique.
enum GenerationKey {
    /// The key; 0 until the first creation draws it. Statically initialized,
    /// so reading it needs no one-time set-up.
    private static let key = Atomic<UInt>(0)

    /// Draws the key from the system's random source if no creation has yet.
    /// Called by every creation before it gives out a handle.
    static func draw() {
        guard key.load(ordering: .acquiring) == 0 else { return }
        var random: UInt = 0
        if getentropy(&random, MemoryLayout<UInt>.size) != 0 && !readURandom(into: &random) {
            // No entropy source at all (no getrandom, no /dev/urandom): the
            // clock and where this process's stack was placed, mixed. Still
            // unrelated to any handle's neighbours, but no secret: a guesser
            // who can time the first creation finds it in a fraction of a
            // second (Docs/C-API.md says so).
            var now = timespec()
            clock_gettime(CLOCK_MONOTONIC, &now)
            let nanoseconds = UInt(bitPattern: now.tv_nsec)
            withUnsafePointer(to: &now) { random = mix(nanoseconds ^ UInt(bitPattern: $0)) }
        }
        // Not 0, which means "not drawn yet"; whoever stores first wins.
        _ = key.compareExchange(expected: 0, desired: random | 1, ordering: .acquiringAndReleasing)
    }

    /// Fills `value` from /dev/urandom, for a kernel or sandbox where
    /// getrandom is refused; false when it cannot be read whole.
    private static func readURandom(into value: inout UInt) -> Bool {
        let file = ndis_chimney_open_for_reading("/dev/urandom")
        guard file >= 0 else { return false }
        defer { close(file) }
        return withUnsafeMutableBytes(of: &value) { read(file, $0.baseAddress, $0.count) == $0.count }
    }

    /// The generation for count `value` (below 2^34): the keyed permutation.
    static func permute(_ value: UInt) -> UInt {
        let key = key.load(ordering: .acquiring)
        let half = UInt(HandleBits.generationBits / 2)
        let mask: UInt = (1 << half) - 1
        var left = value >> half & mask
        var right = value & mask
        for round: UInt in 1...4 {
            let roundKey = mix(key &+ round &* 0x9E37_79B9_7F4A_7C15)
            (left, right) = (right, left ^ (mix(right ^ roundKey) & mask))
        }
        return left << half | right
    }

    /// SplitMix64's finalizer: every input bit moves about half the output bits.
    private static func mix(_ value: UInt) -> UInt {
        var bits = value
        bits = (bits ^ bits >> 30) &* 0xBF58_476D_1CE4_E5B9
        bits = (bits ^ bits >> 27) &* 0x94D0_49BB_1331_11EB
        return bits ^ bits >> 31
    }
}
