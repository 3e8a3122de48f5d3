import ArgumentParser

/// resticlint's documented exit codes.
enum ExitStatus {
    static let findingsGate = ExitCode(1)
    static let invalidRules = ExitCode(2)
    static let unreadableInput = ExitCode(3)

    static let documentation = """
        Exit codes: 0 analysed (whatever was found), 2 a rule file is invalid, 3 an input could not be \
        read (the others are still analysed and reported), 64 usage error.
        """
}
