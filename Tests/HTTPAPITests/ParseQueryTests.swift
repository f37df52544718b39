@testable import HTTPAPI
import PromQL
import Testing

/// `/api/v1/parse_query` bodies in Prometheus 3's shape: keys sorted as Go writes its maps.
struct ParseQueryTests {
    func ast(_ q: String) throws -> String {
        var w = JSONWriter()
        writeAST(try parseExpr(q), into: &w)
        return String(decoding: w.bytes, as: UTF8.self)
    }

    @Test func aggregationOverCallOverMatrixSelector() throws {
        #expect(try ast("sum by (job) (rate(x[5m]))") == """
            {"expr":{"args":[{"matchers":[{"name":"__name__","type":"=","value":"x"}],"name":"x","offset":0,\
            "range":300000,"startOrEnd":null,"timestamp":null,"type":"matrixSelector"}],\
            "func":{"argTypes":["matrix"],"name":"rate","returnType":"vector","variadic":0},"type":"call"},\
            "grouping":["job"],"op":"sum","param":null,"type":"aggregation","without":false}
            """)
    }

    @Test func binaryWithMatchingAndLiterals() throws {
        #expect(try ast("a > bool 1").hasPrefix(#"{"bool":true,"#))
        #expect(try ast("a / on (b) group_left (c) d") == """
            {"bool":false,"lhs":{"matchers":[{"name":"__name__","type":"=","value":"a"}],"name":"a","offset":0,\
            "startOrEnd":null,"timestamp":null,"type":"vectorSelector"},"matching":{"card":"many-to-one",\
            "include":["c"],"labels":["b"],"on":true},"op":"/","rhs":{"matchers":[{"name":"__name__","type":"=",\
            "value":"d"}],"name":"d","offset":0,"startOrEnd":null,"timestamp":null,"type":"vectorSelector"},\
            "type":"binaryExpr"}
            """)
        #expect(try ast("-(2)") == #"{"expr":{"expr":{"type":"numberLiteral","val":"2"},"type":"parenExpr"},"op":"-","type":"unaryExpr"}"#)
    }

    @Test func subqueryWithAtModifier() throws {
        #expect(try ast("x[10m:1m] @ end()") == """
            {"expr":{"matchers":[{"name":"__name__","type":"=","value":"x"}],"name":"x","offset":0,\
            "startOrEnd":null,"timestamp":null,"type":"vectorSelector"},"offset":0,"range":600000,\
            "startOrEnd":"end","timestamp":null,"step":60000,"type":"subquery"}
            """)
    }
}
