import ArgumentParser

/// The `bonded` command line: demo data, ledger tools, and (as they land) rules, documents and the service.
@main
struct Bonded: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bonded",
        abstract: "Bonded — cross-border warehouse management with a rules-driven compliance core.",
        subcommands: [
            DemoCommand.self, LedgerCommand.self, RulesCommand.self, AssessCommand.self, DeclareCommand.self,
            LabelCommand.self, InboundCommand.self, PutawayCommand.self, MoveCommand.self, TransferCommand.self,
            CountCommand.self, DestroyCommand.self,
            ForecastCommand.self, WarningsCommand.self, ReplenishCommand.self, RebalanceCommand.self,
            OrderCommand.self, WaveCommand.self, PickCommand.self, PackCommand.self, ShipCommand.self,
            ReturnCommand.self, ServeCommand.self,
            SyncCommand.self,
        ]
    )
}
