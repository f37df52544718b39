import Hummingbird

/// The HTML page at `/`: the server has no query UI yet, so this is where `--web.page-title` shows, with links to
/// the endpoints a visitor most likely wants.
enum LandingPage {
    static func html(title: String) -> String {
        let t = escapeHTML(title)
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>\(t)</title>
            </head>
            <body>
            <h1>\(t)</h1>
            <ul>
            <li><a href="api/v1/status/buildinfo">Build information</a></li>
            <li><a href="api/v1/status/config">Configuration</a></li>
            <li><a href="api/v1/status/flags">Command-line flags</a></li>
            <li><a href="api/v1/targets">Targets</a></li>
            <li><a href="api/v1/status/tsdb">TSDB status</a></li>
            <li><a href="metrics">Metrics</a></li>
            <li><a href="-/healthy">Health</a> and <a href="-/ready">readiness</a></li>
            </ul>
            </body>
            </html>

            """
    }

    static func response(title: String) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: html(title: title))))
    }

    /// Escapes the characters that would end text or an attribute value early.
    static func escapeHTML(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.count)
        for c in s {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(c)
            }
        }
        return out
    }
}
