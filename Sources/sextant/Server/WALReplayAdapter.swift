import HTTPAPI
import TSDB

/// The TSDB's WAL replay progress as the API's `WALReplayProvider`.
struct WALReplayAdapter: WALReplayProvider {
    let progress: WALReplayProgress

    var walReplayStatus: APIWALReplayStatus {
        let s = progress.state
        return APIWALReplayStatus(min: s.min, max: s.max, current: s.current)
    }
}
