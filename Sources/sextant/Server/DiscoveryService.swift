import Discovery
import Scrape
import ServiceLifecycle

/// Runs service discovery until shutdown, feeding every job's target-group changes to the scrape manager.
struct DiscoveryService: Service {
    let discovery: DiscoveryManager
    let scrapeManager: ScrapeManager

    func run() async throws {
        await cancelWhenGracefulShutdown {
            await discovery.run { [scrapeManager] job, groups in
                scrapeManager.updateTargets(job: job, groups)
            }
        }
    }
}
