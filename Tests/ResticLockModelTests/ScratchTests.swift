import Testing
@testable import ResticLockModel

@Test func scratchReplay() {
    for model in ModelVersion.allCases {
        let o = LockReplay.run(.issue5005, model: model)
        print("=== \(model.rawValue): \(o.outcome) elapsed \(o.elapsed)")
        for s in o.steps { print("  step: \(s)") }
        for l in o.log { print("  | \(l)") }
    }
}

import Foundation
@Test func scratchSim() {
    let r = Simulation.run(SimulationConfig(runs: 40, backupDuration: 1...1200, logDirectory: URL(fileURLWithPath: "/tmp/simlogs"), timestampStyle: .iso))
    for m in r.models { print(m.model.rawValue, m.failedRuns, m.failedProcesses, m.failuresByKind, m.logFiles.prefix(5)) }
}
