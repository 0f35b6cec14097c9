import ArgumentParser

/// `layout --format`: how the layouts are printed.
enum LayoutFormat: String, CaseIterable, ExpressibleByArgument {
    /// Debugger style, like WinDbg's `dt`.
    case text
    /// The stable machine-readable shape (format 1).
    case json
    /// Markdown tables, the generated part of the layout document.
    case markdown
    /// A Volatility 3 symbol table (ISF 6.2.0) for one Windows ABI.
    case isf
    /// The static assertions of `Include/ndischimney.h`, for both pointer widths.
    case cAsserts = "c-asserts"
}
