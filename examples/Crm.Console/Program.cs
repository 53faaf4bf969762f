System.Console.WriteLine("RecoveryRules");
