// Generates Tests/ExpositionTests/Fixtures/go_floats.txt: Go's strconv behaviour as reference data.
// Lines: "F <bits hex> <FormatFloat 'g' -1> <Prometheus API JSON form>" and "P <input> <bits hex|err>".
// Run: go run gen_floats.go > go_floats.txt
package main

import (
	"fmt"
	"math"
	"math/rand"
	"strconv"
	"strings"
)

func jsonForm(v float64) string {
	f := byte('f')
	if a := math.Abs(v); a != 0 && (a < 1e-6 || a >= 1e21) {
		f = 'e'
	}
	return strconv.FormatFloat(v, f, -1, 64)
}

func parse(s string) string {
	if strings.ContainsAny(s, "pP_") {
		return "err"
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return "err"
	}
	if math.IsNaN(v) {
		return "nan"
	}
	return fmt.Sprintf("%016x", math.Float64bits(v))
}

func main() {
	r := rand.New(rand.NewSource(42))
	var vals []float64
	for _, v := range []float64{1, -1, 0.1, 1e-4, 1e-5, 1e5, 1e6, 999999, 1e20, 1e21, 1e-6, 1e-7, 123456789, 1234567,
		0.30000000000000004, 5e-324, math.MaxFloat64, math.SmallestNonzeroFloat64, 2.2250738585072014e-308,
		1.5, 100, 12345678.9, 0.000123, 1.445945e+06, 8.191288e+06, 1 << 53, 1<<53 + 2, 1e15, 1e16, 1e17} {
		vals = append(vals, v)
	}
	for i := 0; i < 1500; i++ {
		switch i % 5 {
		case 0:
			b := r.Uint64() & 0x7fefffffffffffff
			vals = append(vals, math.Float64frombits(b))
		case 1:
			vals = append(vals, float64(r.Int63n(1<<40)))
		case 2:
			vals = append(vals, r.Float64()*math.Pow(10, float64(r.Intn(40)-20)))
		case 3:
			vals = append(vals, -float64(r.Intn(100000))/math.Pow(10, float64(r.Intn(8))))
		case 4:
			vals = append(vals, r.NormFloat64()*1e9)
		}
	}
	for _, v := range vals {
		fmt.Printf("F %016x %s %s\n", math.Float64bits(v), strconv.FormatFloat(v, 'g', -1, 64), jsonForm(v))
	}
	inputs := []string{"1e400", "-1e400", "1e-400", "Inf", "+Inf", "-Inf", "inf", "INFINITY", "-infinity", "infin",
		"NaN", "nan", "NAN", "+nan", "-NaN", "0x1p3", "0x10", ".", "1.", ".5", "-.5e-3", "1e", "1e+", "1e+5", "00012",
		"4.9406564584124654e-324", "2.2250738585072011e-308", "1.7976931348623157e308", "1.7976931348623159e308",
		"1_000", "+1", "++1", "1..2", "1e5.5", "e5", "-", "+", "0", "-0", "0.0000000000000000000000000000001",
		"123456789012345678901234567890", "9007199254740993", "9007199254740992.5", "1e22", "1e23", "3.0e-22",
		"0.1e-30", "179769313486231570000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"}
	for i := 0; i < 500; i++ {
		var sb strings.Builder
		if r.Intn(3) == 0 {
			sb.WriteByte('-')
		}
		n := 1 + r.Intn(25)
		dot := r.Intn(n + 1)
		for k := 0; k < n; k++ {
			if k == dot && r.Intn(2) == 0 {
				sb.WriteByte('.')
			}
			sb.WriteByte(byte('0' + r.Intn(10)))
		}
		if r.Intn(2) == 0 {
			fmt.Fprintf(&sb, "e%d", r.Intn(700)-350)
		}
		inputs = append(inputs, sb.String())
	}
	for _, v := range vals[:300] {
		inputs = append(inputs, strconv.FormatFloat(v, 'g', -1, 64))
	}
	for _, s := range inputs {
		fmt.Printf("P %s %s\n", s, parse(s))
	}
}
