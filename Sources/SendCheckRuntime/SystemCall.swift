#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The system calls sendcheck makes by name (the rest go through Foundation), the same on Linux and
/// macOS: `Glibc` there, `Darwin` here. docs/architecture.md says what a macOS build would still need.
public enum SystemCall {
    /// write(2): how many bytes were written, or -1 with `errno` set.
    @inline(__always)
    public static func write(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(descriptor, bytes, count)
        #else
            Darwin.write(descriptor, bytes, count)
        #endif
    }

    /// open(2) with no mode: a descriptor, or -1 with `errno` set.
    public static func open(_ path: String, _ flags: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.open(path, flags)
        #else
            Darwin.open(path, flags)
        #endif
    }
}
