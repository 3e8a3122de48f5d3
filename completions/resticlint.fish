function __resticlint_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __resticlint_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __resticlint_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __resticlint_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __resticlint_parse_tokens -S
    set -l unparsed_tokens (__resticlint_tokens -pc)
    switch $unparsed_tokens[1]
    case 'resticlint'
        __resticlint_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'analyze'
            __resticlint_parse_subcommand -r 1 'stdin-name=' 'rules=+' 'no-builtin-rules' 'restic-version=' 'follow=+' 'idle-close=' 'format=+' 'no-color' 'verbose' 'explain-line=' 'version' 'h/help'
        case 'check'
            __resticlint_parse_subcommand -r 1 'stdin-name=' 'rules=+' 'no-builtin-rules' 'restic-version=' 'follow=+' 'idle-close=' 'format=+' 'no-color' 'verbose' 'fail-on=' 'baseline=' 'write-baseline=' 'config=' 'allow-empty' 'version' 'h/help'
        case 'recommend'
            __resticlint_parse_subcommand -r 1 'stdin-name=' 'rules=+' 'no-builtin-rules' 'restic-version=' 'follow=+' 'idle-close=' 'version' 'h/help'
        case 'rules'
            __resticlint_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __resticlint_parse_subcommand 0 'rules=+' 'no-builtin-rules' 'version' 'h/help'
            case 'explain'
                __resticlint_parse_subcommand 1 'rules=+' 'no-builtin-rules' 'version' 'h/help'
            case 'test'
                __resticlint_parse_subcommand 1 'rules=+' 'version' 'h/help'
            case 'literals'
                __resticlint_parse_subcommand 0 'rules=+' 'no-builtin-rules' 'version' 'h/help'
            end
        case 'simulate'
            __resticlint_parse_subcommand 0 'model=+' 'processes=' 'list-lag=' 'runs=' 'seed=' 'backend=' 'connections=' 'exclusive-processes=' 'log-dir=' 'log-all' 'format=' 'html=' 'version' 'h/help'
        case 'help'
            __resticlint_parse_subcommand -r 1 'version'
        end
    end
end

function __resticlint_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __resticlint_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __resticlint_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __resticlint_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__resticlint_tokens -p)
    if test -z "$(__resticlint_tokens -t)"
        set -l index (count (__resticlint_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'resticlint' -f
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint" -eq 1' -fa 'analyze' -d 'Analyse restic logs and report diagnoses.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint" -eq 1' -fa 'check' -d 'Analyse restic logs and fail when findings reach a severity: a CI gate.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint" -eq 1' -fa 'recommend' -d 'Recommend restic upgrades and operational changes for the problems found in the logs.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint" -eq 1' -fa 'rules' -d 'List, explain and test rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint" -eq 1' -fa 'simulate' -d 'Run concurrent restic processes against one eventually consistent repository in restic\'s reference lock model.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" stdin-name' -l 'stdin-name' -d 'Name standard input in reports (e.g. backup.log).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" no-builtin-rules' -l 'no-builtin-rules' -d 'Use only the --rules given, not the shipped rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" restic-version' -l 'restic-version' -d 'The restic version for runs whose log shows none (e.g. 0.17.0).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze"' -l 'follow' -d 'Follow a growing log file, across rotation, like tail -F (repeatable); ends on Ctrl-C or SIGTERM.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" idle-close' -l 'idle-close' -d 'On a pipe or followed file, close the open runs (and report them) after this long without input, e.g. 10s.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze"' -l 'format' -d 'Report format and optional file: NAME[:PATH] (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" no-color' -l 'no-color' -d 'Never colour the text report (NO_COLOR is honoured too).'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" verbose' -l 'verbose' -d 'Show info findings in full in the text report, not one line each.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" explain-line' -l 'explain-line' -d 'Explain what every pattern makes of line N of the (single) input, instead of analysing.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint analyze" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" stdin-name' -l 'stdin-name' -d 'Name standard input in reports (e.g. backup.log).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" no-builtin-rules' -l 'no-builtin-rules' -d 'Use only the --rules given, not the shipped rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" restic-version' -l 'restic-version' -d 'The restic version for runs whose log shows none (e.g. 0.17.0).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check"' -l 'follow' -d 'Follow a growing log file, across rotation, like tail -F (repeatable); ends on Ctrl-C or SIGTERM.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" idle-close' -l 'idle-close' -d 'On a pipe or followed file, close the open runs (and report them) after this long without input, e.g. 10s.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check"' -l 'format' -d 'Report format and optional file: NAME[:PATH] (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" no-color' -l 'no-color' -d 'Never colour the text report (NO_COLOR is honoured too).'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" verbose' -l 'verbose' -d 'Show info findings in full in the text report, not one line each.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" fail-on' -l 'fail-on' -d 'The lowest severity that fails the gate: info, warning or error.' -rfka 'info warning error'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" baseline' -l 'baseline' -d 'Accept the findings recorded in this baseline file; only new ones fail the gate.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" write-baseline' -l 'write-baseline' -d 'Write the current findings as a baseline to this file.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" config' -l 'config' -d 'Ignore file (default: .resticlint.yml in the working folder, when present).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" allow-empty' -l 'allow-empty' -d 'Pass when the input is empty instead of exiting 3.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend" stdin-name' -l 'stdin-name' -d 'Name standard input in reports (e.g. backup.log).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend" no-builtin-rules' -l 'no-builtin-rules' -d 'Use only the --rules given, not the shipped rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend" restic-version' -l 'restic-version' -d 'The restic version for runs whose log shows none (e.g. 0.17.0).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend"' -l 'follow' -d 'Follow a growing log file, across rotation, like tail -F (repeatable); ends on Ctrl-C or SIGTERM.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend" idle-close' -l 'idle-close' -d 'On a pipe or followed file, close the open runs (and report them) after this long without input, e.g. 10s.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint recommend" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint rules" -eq 1' -fa 'list' -d 'List rules: id, severity, title.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint rules" -eq 1' -fa 'explain' -d 'Show a rule\'s rationale, affected versions, remediation, references and examples.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint rules" -eq 1' -fa 'test' -d 'Run every rule\'s examples and report pass or fail per rule (exit 1 when one fails).'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_positional "resticlint rules" -eq 1' -fa 'literals' -d 'Print the literals the prefilter scans for, one per line (matched ignoring ASCII case).'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules list"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules list" no-builtin-rules' -l 'no-builtin-rules' -d 'Use only the --rules given, not the shipped rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules list" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules explain"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules explain" no-builtin-rules' -l 'no-builtin-rules' -d 'Use only the --rules given, not the shipped rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules explain" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules test"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules test" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules test" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules literals"' -l 'rules' -d 'A folder or file of extra rules (repeatable).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules literals" no-builtin-rules' -l 'no-builtin-rules' -d 'Use only the --rules given, not the shipped rules.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules literals" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint rules literals" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate"' -l 'model' -d 'A model to run: 0.16, 0.17.0 or 0.17.1 (repeatable; default 0.17.0 and 0.17.1).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" processes' -l 'processes' -d 'Concurrent restic processes per run.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" list-lag' -l 'list-lag' -d 'How long a deleted lock stays listed (Go duration, e.g. 2s).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" runs' -l 'runs' -d 'Runs per model.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" seed' -l 'seed' -d 'Seed of the first run; the same seed gives the same figures.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" backend' -l 'backend' -d 'Backend whose error texts the logs show: b2, s3, rest or local.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" connections' -l 'connections' -d 'Parallel lock loads per process (-o b2.connections).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" exclusive-processes' -l 'exclusive-processes' -d 'Processes per run that take an exclusive lock (as prune does) instead of backup\'s shared one.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" log-dir' -l 'log-dir' -d 'Write the log of every failing process into this folder (<model>-run<N>-proc<M>.log).' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" log-all' -l 'log-all' -d 'With --log-dir, write every process\'s log, also of those that locked and finished.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" format' -l 'format' -d 'Output format: text or json.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" html' -l 'html' -d 'Also write an HTML page: failure rates per model as a bar chart, and the lock timeline of one failing process per failure kind.' -rfka ''
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" version' -l 'version' -d 'Show the version.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint simulate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'resticlint' -n '__resticlint_should_offer_completions_for_flags_or_options "resticlint help" version' -l 'version' -d 'Show the version.'
