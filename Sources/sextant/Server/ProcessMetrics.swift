import Foundation

/// `process_*` metrics read from /proc, as Go's process collector exposes them.
struct ProcessMetrics: Sendable {
    let startTime = Date().timeIntervalSince1970

    func emit(into out: inout [UInt8]) {
        var text = ""
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            // Fields after the command name; utime and stime are fields 14 and 15 of the full line.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 22, let ut = Double(fields[11]), let st = Double(fields[12]), let rss = Double(fields[21]),
                let vsize = Double(fields[20])
            {
                let page = Double(sysconf(Int32(_SC_PAGESIZE)))
                text += "# HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.\n"
                text += "# TYPE process_cpu_seconds_total counter\n"
                text += "process_cpu_seconds_total \((ut + st) / ticks)\n"
                text += "# HELP process_resident_memory_bytes Resident memory size in bytes.\n"
                text += "# TYPE process_resident_memory_bytes gauge\n"
                text += "process_resident_memory_bytes \(Int(rss * page))\n"
                text += "# HELP process_virtual_memory_bytes Virtual memory size in bytes.\n"
                text += "# TYPE process_virtual_memory_bytes gauge\n"
                text += "process_virtual_memory_bytes \(Int(vsize))\n"
            }
        }
        if let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            text += "# HELP process_open_fds Number of open file descriptors.\n# TYPE process_open_fds gauge\n"
            text += "process_open_fds \(fds.count)\n"
        }
        text += "# HELP process_start_time_seconds Start time of the process since unix epoch in seconds.\n"
        text += "# TYPE process_start_time_seconds gauge\n"
        text += "process_start_time_seconds \(startTime)\n"
        out.append(contentsOf: text.utf8)
    }
}
