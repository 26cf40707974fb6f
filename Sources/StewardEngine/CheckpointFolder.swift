/// Where automatic checkpoints go: one file per checkpoint in a folder outside the store.
public enum CheckpointFolder {
    /// How a checkpoint file's name ends; `audit verify --checkpoint FOLDER` reads these.
    public static let fileExtension = ".checkpoint"
}
