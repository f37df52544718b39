import Testing
@testable import PromQL

struct FunctionTableTests {
    @Test func parserTableEqualsEngineTable() {
        let parser = Set(FunctionTable.all.keys)
        let engine = FunctionImpl.names
        #expect(parser.subtracting(engine).isEmpty, "parsed but not implemented: \(parser.subtracting(engine).sorted())")
        #expect(engine.subtracting(parser).isEmpty, "implemented but not parsed: \(engine.subtracting(parser).sorted())")
    }

    @Test func rangeFunctionsTakeARangeVector() {
        for name in FunctionImpl.rangeFunctionNames {
            let def = FunctionTable.all[name]
            #expect(def?.argTypes.contains(.matrix) == true, "\(name)")
        }
    }

    @Test func experimentalFunctionsNeedTheFlag() throws {
        for def in FunctionTable.all.values where def.experimental {
            let args = def.argTypes.map { t -> String in
                switch t {
                case .matrix: return "x[5m]"
                case .vector: return "x"
                case .scalar: return "0.5"
                case .string: return "\"a\""
                }
            }.joined(separator: ", ")
            let q = "\(def.name)(\(args))"
            #expect(throws: ParseError.self, "\(q)") { try parseExpr(q) }
            _ = try parseExpr(q, options: ParserOptions(enableExperimentalFunctions: true))
        }
    }
}
