namespace MasteringPortal.Core.Workflow;

/// <summary>A transition that is not allowed now; <see cref="Exception.Message"/> is written for the person who tried it.</summary>
public sealed class WorkflowException(string message) : Exception(message);
